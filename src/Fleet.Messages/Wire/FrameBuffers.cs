using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Fleet.Messages.Wire;

/// <summary>
/// Pixel arrays lent to decoded frames and taken back once their frames are done with, so a policy worker does not
/// allocate (and the GC does not collect) two 0.9 MB large-object arrays per 480×640 two-camera request: those made
/// nearly every collection a full, blocking gen2 one. Arrays are kept per exact length (a frame's <c>W·H·3</c>), at most
/// <see cref="MaxPerSize"/> of each. Thread-safe.
/// </summary>
/// <remarks>
/// Whoever returns a frame's pixels promises that nothing reads that frame any more: <see cref="WireCodec"/>'s caller
/// (the worker) returns them after the policy's <c>PredictAsync</c> came back, and Fleet's policies convert frames into
/// their own tensors inside that call.
/// </remarks>
public sealed class FrameBuffers
{
    private readonly ConcurrentDictionary<int, ConcurrentBag<byte[]>> _free = new();

    /// <summary>Most arrays kept per length; more are left to the GC (a batch of 8 arms with 3 cameras needs 24).</summary>
    public int MaxPerSize { get; init; } = 32;

    /// <summary>Arrays handed out that were not fresh allocations.</summary>
    public long Reused => Interlocked.Read(ref _reused);

    private long _reused;

    /// <summary>An array of exactly <paramref name="length"/> bytes; its content is whatever it held before.</summary>
    public byte[] Rent(int length)
    {
        if (_free.TryGetValue(length, out var bag) && bag.TryTake(out var array))
        {
            Interlocked.Increment(ref _reused);
            return array;
        }
        return GC.AllocateUninitializedArray<byte>(length);
    }

    /// <summary>Takes back the pixels of <paramref name="frame"/> when they are a whole array; the frame must not be read afterwards.</summary>
    public void Return(ImageFrame frame)
    {
        if (!MemoryMarshal.TryGetArray(frame.Pixels, out var segment) || segment.Array is not { } array
            || segment.Offset != 0 || segment.Count != array.Length) return;
        var bag = _free.GetOrAdd(array.Length, _ => []);
        if (bag.Count < MaxPerSize) bag.Add(array);
    }
}
