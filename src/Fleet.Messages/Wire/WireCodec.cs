using Fleet.Messages.Wire.Jpeg;
using Fleet.Messages.Wire.Proto;
using Google.Protobuf;

namespace Fleet.Messages.Wire;

/// <summary>
/// The one codec between Fleet's message records and the wire: a fixed table maps each record type to a readable,
/// versioned manifest (<see cref="WireManifests"/>) and a protobuf body (package <c>fleet.wire.v1</c>). Decoding is
/// strict: the manifest must be known, the body must parse, and every size, dimension, float and time is checked
/// against <see cref="WireLimits"/> before a record is built. Nothing on the wire names a type or carries code.
/// Thread-safe; apart from its options it keeps only a pool of TurboJPEG handles, and encodes (decodes) the cameras of
/// one observation in parallel.
/// </summary>
public sealed partial class WireCodec(WireCodecOptions? options = null)
{
    private readonly JpegCodec _jpeg = new(JpegSettings.Fast);

    /// <summary>INTERNAL API. A codec with other JPEG speed switches, for benchmarks that measure each one.</summary>
    internal WireCodec(WireCodecOptions? options, JpegSettings jpeg) : this(options) => _jpeg = new JpegCodec(jpeg);

    /// <summary>The options in force.</summary>
    public WireCodecOptions Options { get; } = options ?? WireCodecOptions.Default;

    /// <summary>Encodes one of the records listed in <see cref="WireManifests"/>.</summary>
    /// <exception cref="ArgumentException">The type has no manifest: it is not meant to cross nodes.</exception>
    public EncodedMessage Encode(object message) => message switch
    {
        PredictChunk m => new(WireManifests.PredictChunk, ToWire(m).ToByteArray()),
        PredictChunkReply m => new(WireManifests.PredictChunkReply, ToWire(m).ToByteArray()),
        MemberHeartbeat m => new(WireManifests.MemberHeartbeat, ToWire(m).ToByteArray()),
        MemberCommand m => new(WireManifests.MemberCommand, ToWire(m).ToByteArray()),
        FleetStop m => new(WireManifests.FleetStop, ToWire(m).ToByteArray()),
        FleetResume m => new(WireManifests.FleetResume, ToWire(m).ToByteArray()),
        null => throw new ArgumentNullException(nameof(message)),
        _ => throw new ArgumentException(
            $"{message.GetType().Name} has no wire manifest; only {string.Join(", ", WireManifests.All)} cross nodes.", nameof(message)),
    };

    /// <summary>Decodes a body by its manifest into the record it names.</summary>
    /// <exception cref="WireFormatException">Unknown manifest, unreadable body, or a value out of bounds (the message names which).</exception>
    public object Decode(string manifest, ReadOnlySpan<byte> body) => Decode(manifest, body, null);

    /// <summary>
    /// Like <see cref="Decode(string, ReadOnlySpan{byte})"/>, but the pixels of JPEG frames are decoded into arrays
    /// rented from <paramref name="buffers"/>; the caller returns them (<see cref="FrameBuffers.Return"/>) when done.
    /// </summary>
    /// <exception cref="WireFormatException">As <see cref="Decode(string, ReadOnlySpan{byte})"/>.</exception>
    public object Decode(string manifest, ReadOnlySpan<byte> body, FrameBuffers? buffers)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var limits = Options.EffectiveLimits;
        if (body.Length > limits.MaxMessageBytes)
            throw new WireFormatException(manifest, $"the body has {body.Length} bytes; the limit is {limits.MaxMessageBytes}.");
        var checks = new WireChecks(manifest, limits);
        return manifest switch
        {
            WireManifests.PredictChunk => FromWire(Parse(WirePredictChunk.Parser, manifest, body), checks, buffers),
            WireManifests.PredictChunkReply => FromWire(Parse(WirePredictChunkReply.Parser, manifest, body), checks),
            WireManifests.MemberHeartbeat => FromWire(Parse(WireHeartbeat.Parser, manifest, body), checks),
            WireManifests.MemberCommand => FromWire(Parse(WireMemberCommand.Parser, manifest, body), checks),
            WireManifests.FleetStop => FromWire(Parse(WireFleetStop.Parser, manifest, body), checks),
            WireManifests.FleetResume => FromWire(Parse(WireFleetResume.Parser, manifest, body), checks),
            _ => throw new WireFormatException(Printable(manifest),
                $"unknown manifest; this node decodes {string.Join(", ", WireManifests.All)}. Is the sender a newer Fleet?"),
        };
    }

    /// <summary>Decodes into <typeparamref name="T"/>, failing when the manifest names another type.</summary>
    /// <exception cref="WireFormatException">As <see cref="Decode(string, ReadOnlySpan{byte})"/>, or the message is not a <typeparamref name="T"/>.</exception>
    public T Decode<T>(string manifest, ReadOnlySpan<byte> body) where T : class => Decode<T>(manifest, body, null);

    /// <summary>Decodes into <typeparamref name="T"/>, JPEG pixels into arrays of <paramref name="buffers"/> (see <see cref="Decode(string, ReadOnlySpan{byte}, FrameBuffers)"/>).</summary>
    /// <exception cref="WireFormatException">As <see cref="Decode(string, ReadOnlySpan{byte})"/>, or the message is not a <typeparamref name="T"/>.</exception>
    public T Decode<T>(string manifest, ReadOnlySpan<byte> body, FrameBuffers? buffers) where T : class =>
        Decode(manifest, body, buffers) as T
        ?? throw new WireFormatException(manifest, $"expected a {typeof(T).Name} here, not this manifest.");

    /// <summary>Like <see cref="Decode(string, ReadOnlySpan{byte})"/>, but returns false with the reason instead of throwing.</summary>
    public bool TryDecode(string manifest, ReadOnlySpan<byte> body, out object? message, out string? error)
    {
        try
        {
            message = Decode(manifest, body);
            error = null;
            return true;
        }
        catch (WireFormatException e)
        {
            message = null;
            error = e.Message;
            return false;
        }
    }

    private static T Parse<T>(MessageParser<T> parser, string manifest, ReadOnlySpan<byte> body) where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new WireFormatException(manifest, $"the body is not valid protobuf for this manifest ({e.Message}).", e);
        }
    }

    // A hostile manifest could be huge or hold control characters; logs get a short, printable form.
    private static string Printable(string manifest)
    {
        var cut = manifest.Length > 64 ? manifest[..64] + "…" : manifest;
        return string.Concat(cut.Select(c => char.IsControl(c) ? '?' : c));
    }
}
