namespace Fleet.Messages.Wire.Jpeg;

/// <summary>
/// Turns a camera's JPEG (one V4L2 MJPEG frame) into an <see cref="ImageFrame"/> that keeps the JPEG as
/// <see cref="ImageFrame.CameraJpeg"/>, so the wire codec can send it untouched and the frame is decoded once here
/// instead of by a separate process. Decodes through libturbojpeg with a pool of handles; thread-safe.
/// </summary>
public sealed class CameraJpegDecoder
{
    private readonly JpegCodec _codec = new(JpegSettings.Fast);

    /// <summary>True when libturbojpeg.so.0 can be loaded (Debian libturbojpeg0: scripts/setup-cluster.sh).</summary>
    public static bool IsAvailable => JpegCodec.IsAvailable;

    /// <summary>
    /// Decodes <paramref name="jpeg"/>, which must be a <paramref name="width"/>×<paramref name="height"/> JPEG; the
    /// frame keeps <paramref name="jpeg"/> (not copied: the caller hands it over and never writes it again).
    /// </summary>
    /// <exception cref="WireFormatException">Not a JPEG, or of another size; the message names <paramref name="camera"/>.</exception>
    /// <exception cref="DllNotFoundException">libturbojpeg.so.0 is not installed.</exception>
    public ImageFrame Decode(ReadOnlyMemory<byte> jpeg, int width, int height, DateTimeOffset capturedAt, long sequence, string camera) =>
        new(width, height, _codec.Decode(jpeg.Span, width, height, $"camera '{camera}' frame {sequence}"), capturedAt, sequence) { CameraJpeg = jpeg };
}
