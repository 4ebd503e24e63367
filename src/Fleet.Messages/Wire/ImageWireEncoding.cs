namespace Fleet.Messages.Wire;

/// <summary>How camera frames travel on the wire.</summary>
public enum ImageWireEncoding
{
    /// <summary>JPEG through libturbojpeg: ~20–50× smaller, lossy (quality configurable).</summary>
    Jpeg,
    /// <summary>Raw HWC RGB bytes: exact, large; for policies that must see the sensor's bytes.</summary>
    Raw,
}
