namespace Fleet.Policy.SmolVla.Vision;

/// <summary>
/// Scratch buffers of one encoder, allocated once and reused on every call. The tower runs one image at a time,
/// so its buffers do not depend on the batch; only the connector input grows with the largest batch seen.
/// Not thread-safe: the encoder serializes calls.
/// </summary>
internal sealed class VisionWorkspace
{
    public VisionWorkspace(SigLipConfig config)
    {
        int patches = config.Patches, hidden = config.Hidden;
        Hidden = new float[patches * hidden];
        Normed = new float[patches * hidden];
        Wide = new float[patches * Math.Max(Math.Max(3 * hidden, config.Intermediate), config.PatchValues)];
        TokensPerImage = config.TokensPerImage;
        ShuffledWidth = config.ShuffledWidth;
    }

    /// <summary>The residual stream of the image being encoded, <c>[patches, hidden]</c>.</summary>
    public float[] Hidden { get; }

    /// <summary>LayerNorm output, reused for the attention context, <c>[patches, hidden]</c>.</summary>
    public float[] Normed { get; }

    /// <summary>Patches before embedding, then the fused Q|K|V projection, then the MLP's hidden layer.</summary>
    public float[] Wide { get; }

    private int TokensPerImage { get; }

    private int ShuffledWidth { get; }

    private float[] _shuffled = [];

    /// <summary>Pixel-shuffled tokens of a whole batch, <c>[batch·tokens, hidden·s²]</c>, grown on demand.</summary>
    public float[] Shuffled(int batch)
    {
        long needed = (long)batch * TokensPerImage * ShuffledWidth;
        if (_shuffled.Length < needed)
            _shuffled = new float[checked((int)needed)];
        return _shuffled;
    }
}
