namespace Fleet.Hardware.Cameras;

/// <summary>Settings of a <see cref="SyntheticCamera"/>; binds a camera entry with <c>type = synthetic</c>.</summary>
/// <param name="Name">The camera's key in observations.</param>
/// <param name="Width">Frame width in pixels (at least 16).</param>
/// <param name="Height">Frame height in pixels (at least 16).</param>
/// <param name="Fps">Frames per second.</param>
public sealed record SyntheticCameraOptions(string Name = "synthetic", int Width = 640, int Height = 480, double Fps = 30)
{
    /// <summary>Checks every value and returns this record.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key.</exception>
    public SyntheticCameraOptions Validate()
    {
        if (Width < 16 || Height < 16 || Width > 8192 || Height > 8192)
            throw new ArgumentException($"Camera '{Name}': width x height = {Width}x{Height} must lie between 16x16 and 8192x8192.");
        if (!(Fps > 0) || Fps > 1000)
            throw new ArgumentException($"Camera '{Name}': fps = {Fps} must lie in (0, 1000].");
        return this;
    }
}
