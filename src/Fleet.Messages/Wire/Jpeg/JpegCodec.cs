using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Fleet.Messages.Wire.Jpeg;

/// <summary>
/// Encodes RGB frames to JPEG and back through libturbojpeg (4:2:0). A TurboJPEG handle is not thread-safe, so each
/// call takes one from this codec's pool (or makes one) and gives it back afterwards; the pool grows to the number of
/// threads that use the codec at once. Compression writes into a pooled buffer of <c>tjBufSize</c> bytes and copies
/// out only the JPEG, so a 480×640 frame costs no megabyte allocation. Decoding checks the JPEG header against the
/// dimensions the sender declared before any pixel is written. Thread-safe.
/// </summary>
/// <param name="settings">Speed/quality switches; <see cref="JpegSettings.Fast"/> unless a benchmark compares.</param>
internal sealed unsafe class JpegCodec(JpegSettings settings)
{
    private readonly ConcurrentBag<TurboJpegHandle> _compressors = [];
    private readonly ConcurrentBag<TurboJpegHandle> _decompressors = [];

    /// <summary>True when libturbojpeg.so.0 can be loaded (install Debian's libturbojpeg0: scripts/setup-cluster.sh).</summary>
    internal static bool IsAvailable { get; } = NativeLibrary.TryLoad(TurboJpegNative.Library, out _);

    /// <summary>The switches in force.</summary>
    internal JpegSettings Settings { get; } = settings;

    /// <summary>Compresses <paramref name="frame"/> (4:2:0) at <paramref name="quality"/> 1..100.</summary>
    internal byte[] Encode(ImageFrame frame, int quality)
    {
        frame.Validate();
        EnsureAvailable();
        var handle = Rent(_compressors, compress: true);
        var capacity = checked((int)TurboJpegNative.BufSize(frame.Width, frame.Height, TurboJpegNative.Subsampling420));
        var buffer = Settings.ReuseBuffers ? ArrayPool<byte>.Shared.Rent(capacity) : new byte[capacity];
        try
        {
            nuint size = (nuint)buffer.Length;
            var flags = TurboJpegNative.FlagNoRealloc | (Settings.FastDct ? TurboJpegNative.FlagFastDct : TurboJpegNative.FlagAccurateDct);
            fixed (byte* source = frame.Pixels.Span)
            fixed (byte* destination = buffer)
            {
                var output = destination;
                var rc = TurboJpegNative.Compress2(handle.Value, source, frame.Width, frame.Width * 3, frame.Height,
                    TurboJpegNative.PixelFormatRgb, &output, &size, TurboJpegNative.Subsampling420, quality, flags);
                if (rc != 0) throw new WireFormatException("jpeg", $"libturbojpeg could not compress a {frame.Width}x{frame.Height} frame: {ErrorText(handle.Value)}.");
            }
            return buffer.AsSpan(0, checked((int)size)).ToArray();
        }
        finally
        {
            if (Settings.ReuseBuffers) ArrayPool<byte>.Shared.Return(buffer);
            Return(_compressors, handle);
        }
    }

    /// <summary>
    /// Decompresses <paramref name="jpeg"/> to HWC RGB, into an array of <paramref name="buffers"/> when given. Fails with <see cref="WireFormatException"/> when the bytes are
    /// not a JPEG, or when its size differs from <paramref name="width"/>×<paramref name="height"/>.
    /// </summary>
    internal byte[] Decode(ReadOnlySpan<byte> jpeg, int width, int height, string where, FrameBuffers? buffers = null)
    {
        EnsureAvailable();
        var handle = Rent(_decompressors, compress: false);
        try
        {
            fixed (byte* source = jpeg)
            {
                if (TurboJpegNative.DecompressHeader3(handle.Value, source, (nuint)jpeg.Length, out var w, out var h, out _, out _) != 0)
                    throw new WireFormatException(where, $"the image bytes are not a readable JPEG ({ErrorText(handle.Value)}).");
                if (w != width || h != height)
                    throw new WireFormatException(where, $"the JPEG is {w}x{h} but the message declares {width}x{height}.");
                // Every byte is written by the decoder (or the array is dropped on failure): no need to zero 0.9 MB first.
                var pixels = buffers?.Rent(checked(width * height * 3)) ?? GC.AllocateUninitializedArray<byte>(checked(width * height * 3));
                var flags = (Settings.FastDct ? TurboJpegNative.FlagFastDct : TurboJpegNative.FlagAccurateDct) | (Settings.FastUpsample ? TurboJpegNative.FlagFastUpsample : 0);
                fixed (byte* destination = pixels)
                {
                    if (TurboJpegNative.Decompress2(handle.Value, source, (nuint)jpeg.Length, destination, width, width * 3, height,
                            TurboJpegNative.PixelFormatRgb, flags) != 0)
                        throw new WireFormatException(where, $"the JPEG could not be decoded ({ErrorText(handle.Value)}).");
                }
                return pixels;
            }
        }
        finally
        {
            Return(_decompressors, handle);
        }
    }

    private TurboJpegHandle Rent(ConcurrentBag<TurboJpegHandle> pool, bool compress)
    {
        if (Settings.ReuseHandles && pool.TryTake(out var handle)) return handle;
        handle = new TurboJpegHandle(compress ? TurboJpegNative.InitCompress() : TurboJpegNative.InitDecompress());
        if (handle.IsInvalid)
            throw new WireFormatException("jpeg", $"libturbojpeg could not create a {(compress ? "compressor" : "decompressor")} (out of memory?).");
        return handle;
    }

    private void Return(ConcurrentBag<TurboJpegHandle> pool, TurboJpegHandle handle)
    {
        if (Settings.ReuseHandles) pool.Add(handle);
        else handle.Dispose();
    }

    private static void EnsureAvailable()
    {
        if (!IsAvailable)
            throw new DllNotFoundException(
                "libturbojpeg.so.0 is not installed, so JPEG frames cannot be encoded or decoded. Install Debian's libturbojpeg0 " +
                "(scripts/setup-cluster.sh) or set fleet.cluster.wire.image-encoding = raw.");
    }

    private static string ErrorText(nint handle) => Marshal.PtrToStringUTF8(TurboJpegNative.GetErrorStr2(handle)) ?? "no detail";
}

/// <summary>The JPEG codec's speed switches (each measured by bench/Fleet.Benchmarks/Cluster/JpegBenchmark).</summary>
/// <param name="FastDct">TJFLAG_FASTDCT: the fast integer DCT; false asks for the accurate one (TJFLAG_ACCURATEDCT).</param>
/// <param name="FastUpsample">TJFLAG_FASTUPSAMPLE when decoding: nearest-neighbour chroma upsampling of 4:2:0.</param>
/// <param name="ReuseHandles">Keep TurboJPEG handles in a pool instead of making one per frame.</param>
/// <param name="ReuseBuffers">Compress into a pooled buffer instead of a fresh tjBufSize array per frame.</param>
/// <param name="ParallelImages">Encode (and decode) the cameras of one observation in parallel.</param>
internal sealed record JpegSettings(bool FastDct, bool FastUpsample, bool ReuseHandles, bool ReuseBuffers, bool ParallelImages)
{
    /// <summary>Everything on: what Fleet uses.</summary>
    internal static JpegSettings Fast { get; } = new(true, true, true, true, true);

    /// <summary>The codec as it was before these switches (fast DCT, a handle and a buffer per frame, one camera after another).</summary>
    internal static JpegSettings Baseline { get; } = new(true, false, false, false, false);
}

/// <summary>A TurboJPEG handle, destroyed with tjDestroy when disposed or collected.</summary>
internal sealed class TurboJpegHandle : SafeHandle
{
    internal TurboJpegHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    /// <summary>The raw handle for the P/Invoke calls.</summary>
    internal nint Value => handle;

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle() => TurboJpegNative.Destroy(handle) == 0;
}
