using Fleet.Messages.Wire.Jpeg;

namespace Fleet.Messages.Tests.Wire;

/// <summary>A fact that needs libturbojpeg.so.0; skipped, with the remedy, where it is not installed.</summary>
public sealed class JpegFactAttribute : FactAttribute
{
    public JpegFactAttribute()
    {
        if (!JpegCodec.IsAvailable) Skip = "libturbojpeg.so.0 is not installed: run scripts/setup-cluster.sh (Debian libturbojpeg0).";
    }
}
