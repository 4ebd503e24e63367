namespace Fleet.Messages.Wire;

/// <summary>How camera frames travel on the wire.</summary>
public enum ImageWireEncoding
{
    /// <summary>JPEG through libturbojpeg: ~20–50× smaller, lossy (quality configurable).</summary>
    Jpeg,
    /// <summary>Raw HWC RGB bytes: exact, large; for policies that must see the sensor's bytes.</summary>
    Raw,
}

/// <summary>What the codec does with a frame that carries its camera's own JPEG (<see cref="ImageFrame.CameraJpeg"/>).</summary>
public enum CameraJpegMode
{
    /// <summary>
    /// Send the camera's JPEG untouched (no encode on the robot) when its size matches and its estimated quality is at
    /// least <see cref="WireCodecOptions.JpegQuality"/> (within 2, the estimate's precision); re-encode otherwise.
    /// </summary>
    PassThrough,
    /// <summary>Always encode the decoded pixels at <see cref="WireCodecOptions.JpegQuality"/>.</summary>
    ReEncode,
}
