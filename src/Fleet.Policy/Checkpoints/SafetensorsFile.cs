using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

namespace Fleet.Policy.Checkpoints;

/// <summary>
/// A safetensors file opened read-only through a memory map: an 8-byte little-endian header length, a JSON header,
/// then the raw tensor bytes. The header is fully validated on open (see <see cref="Open"/>); tensor bytes are read
/// lazily from the map. Disposing unmaps the file; spans from <see cref="GetBytes"/> are invalid afterwards.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    /// <summary>Headers larger than this are rejected as corrupt (the reference implementation uses the same bound).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _dataStart;
    private bool _disposed;

    private SafetensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* basePointer, long dataStart,
        Dictionary<string, SafetensorsTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        Path = path;
        _map = map;
        _view = view;
        _base = basePointer;
        _dataStart = dataStart;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The file's path as given to <see cref="Open"/>.</summary>
    public string Path { get; }

    /// <summary>Every tensor of the header by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The optional <c>__metadata__</c> string map.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens and validates a safetensors file.</summary>
    /// <exception cref="CheckpointException">The file is missing, shorter than its header claims, has a corrupt
    /// or inconsistent header, or data offsets outside the file.</exception>
    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path))
            throw new CheckpointException($"{path}: file not found.");
        long length = new FileInfo(path).Length;
        if (length < 8)
            throw new CheckpointException($"{path}: {length} bytes is too short for a safetensors file (needs at least the 8-byte header length); the file is truncated or empty.");

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* basePointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
            basePointer += view.PointerOffset;
            var all = new ReadOnlySpan<byte>(basePointer, checked((int)Math.Min(length, int.MaxValue)));
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(all);
            if (headerLength > MaxHeaderBytes || (long)headerLength > length - 8)
                throw new CheckpointException($"{path}: the header claims {headerLength} bytes but the file holds {length - 8} after the length field; the file is truncated or not a safetensors file.");
            long dataStart = 8 + (long)headerLength;
            var (tensors, metadata) = SafetensorsHeader.Parse(all.Slice(8, (int)headerLength), length - dataStart, path);
            return new SafetensorsFile(path, map, view, basePointer, dataStart, tensors, metadata);
        }
        catch
        {
            if (view is not null)
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
                view.Dispose();
            }
            map.Dispose();
            throw;
        }
    }

    /// <summary>True when the file holds a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => Tensors.ContainsKey(name);

    /// <summary>The header entry of a tensor.</summary>
    /// <exception cref="CheckpointException">No tensor of that name.</exception>
    public SafetensorsTensorInfo Info(string name) =>
        Tensors.TryGetValue(name, out var info)
            ? info
            : throw new CheckpointException($"{Path}: no tensor '{name}' (the file holds {Tensors.Count} tensors{Nearby(name)}).");

    /// <summary>The raw little-endian bytes of a tensor, straight from the map.</summary>
    public ReadOnlySpan<byte> GetBytes(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var info = Info(name);
        return new ReadOnlySpan<byte>(_base + _dataStart + info.Begin, checked((int)(info.End - info.Begin)));
    }

    /// <summary>Reads a tensor of any numeric dtype converted to fp32 (bf16/f16 widened exactly; f64 and 64-bit integers rounded).</summary>
    public float[] ReadFloat32(string name)
    {
        var info = Info(name);
        var result = new float[checked((int)info.ElementCount)];
        DTypeConversion.ToFloat32(GetBytes(name), info.DType, result);
        return result;
    }

    /// <summary>Reads a tensor as fp32 after checking that its shape is exactly <paramref name="expectedShape"/>.</summary>
    /// <exception cref="CheckpointException">Missing key or different shape; the message names both shapes.</exception>
    public float[] ReadFloat32(string name, params long[] expectedShape)
    {
        var info = Info(name);
        if (!info.Shape.SequenceEqual(expectedShape))
            throw new CheckpointException($"{Path}: tensor '{name}' has shape {info.ShapeText} but {ShapeFormat.Of(expectedShape)} was expected.");
        return ReadFloat32(name);
    }

    private string Nearby(string name)
    {
        int dot = name.LastIndexOf('.');
        string stem = dot > 0 ? name[..dot] : name;
        var similar = Tensors.Keys.Where(k => k.StartsWith(stem, StringComparison.Ordinal)).Take(3).ToList();
        return similar.Count > 0 ? "; similar: " + string.Join(", ", similar) : "";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
