namespace Fleet.Messages;

/// <summary>
/// One camera frame: interleaved 8-bit RGB, row-major, <c>Height × Width × 3</c> bytes (HWC, as LeRobot's
/// cameras return them). The pixel buffer is owned by the frame and never written after construction.
/// </summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Pixels">HWC RGB bytes; length is exactly <c>Width * Height * 3</c>.</param>
/// <param name="CapturedAt">When the frame left the sensor (or the synthetic source), UTC.</param>
/// <param name="Sequence">The camera's own frame counter, starting at 0 for each camera session.</param>
public sealed record ImageFrame(int Width, int Height, ReadOnlyMemory<byte> Pixels, DateTimeOffset CapturedAt, long Sequence)
{
    /// <summary>Bytes per pixel: RGB.</summary>
    public const int Channels = 3;

    /// <summary>HWC RGB bytes; length is exactly <c>Width * Height * 3</c>.</summary>
    /// <remarks>
    /// Replacing the pixels of a copy (<c>frame with { Pixels = … }</c>) drops <see cref="CameraJpeg"/>: that JPEG shows
    /// the old pixels, and the wire must never carry it for new ones.
    /// </remarks>
    public ReadOnlyMemory<byte> Pixels
    {
        get;
        init
        {
            field = value;
            CameraJpeg = null;
        }
    } = Pixels;

    /// <summary>
    /// The camera's own JPEG of this very frame, when the camera delivered JPEG (V4L2 MJPEG) and was asked to keep it;
    /// null otherwise. <see cref="Pixels"/> is its decoding. The wire codec may send these bytes untouched instead of
    /// encoding the pixels again (<c>fleet.cluster.wire.camera-jpeg</c>); like the pixels, never written after construction.
    /// </summary>
    public ReadOnlyMemory<byte>? CameraJpeg { get; init; }

    /// <summary>Checks the buffer length against the dimensions; the one place that invariant is enforced.</summary>
    /// <exception cref="ArgumentException">The buffer does not hold exactly <c>Width*Height*3</c> bytes.</exception>
    public ImageFrame Validate()
    {
        if (Width <= 0 || Height <= 0)
            throw new ArgumentException($"Image frame has impossible dimensions {Width}x{Height}; both must be positive.");
        if (Pixels.Length != Width * Height * Channels)
            throw new ArgumentException(
                $"Image frame {Width}x{Height} needs {Width * Height * Channels} RGB bytes but holds {Pixels.Length}.");
        return this;
    }
}
