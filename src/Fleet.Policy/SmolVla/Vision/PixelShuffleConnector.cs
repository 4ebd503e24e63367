using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla.Vision;

/// <summary>
/// SmolVLM's connector: pixel shuffle with factor s, then a bias-free Linear(hidden·s² → text hidden). On the G×G
/// patch grid, patch (r, c) goes to token <c>(r div s)·(G/s) + (c div s)</c> and its features land at offset
/// <c>((r mod s)·s + (c mod s))·hidden</c> of that token (policies.md §1.3 step 4), so a token is s² whole patch
/// rows laid side by side.
/// </summary>
internal sealed class PixelShuffleConnector
{
    private readonly PackedMatrix _projection;
    private readonly SigLipConfig _config;

    public PixelShuffleConnector(VisionWeights weights, SigLipConfig config, int textHidden)
    {
        _config = config;
        TextHidden = textHidden;
        var w = weights.Read("connector.modality_projection.proj.weight", textHidden, config.ShuffledWidth);
        _projection = PackedMatrix.Pack(w, config.ShuffledWidth, textHidden, config.ShuffledWidth, transpose: true);
    }

    /// <summary>Width of a projected token.</summary>
    public int TextHidden { get; }

    /// <summary>Rearranges one image's <c>[patches, hidden]</c> into <c>[tokens, hidden·s²]</c>.</summary>
    internal static void Shuffle(ReadOnlySpan<float> hidden, Span<float> tokens, SigLipConfig config)
    {
        int g = config.PatchesPerSide, s = config.ScaleFactor, d = config.Hidden, width = config.ShuffledWidth;
        for (int r = 0; r < g; r++)
            for (int c = 0; c < g; c++)
            {
                int token = r / s * (g / s) + c / s, offset = (r % s * s + c % s) * d;
                hidden.Slice((r * g + c) * d, d).CopyTo(tokens.Slice(token * width + offset, d));
            }
    }

    /// <summary>Shuffles one image into its rows of the batch's connector input.</summary>
    public void Shuffle(ReadOnlySpan<float> hidden, Span<float> tokens) => Shuffle(hidden, tokens, _config);

    /// <summary>Projects <paramref name="rows"/> shuffled tokens into <paramref name="output"/> <c>[rows, textHidden]</c>.</summary>
    public void Project(ReadOnlySpan<float> shuffled, int rows, Span<float> output, Parallelism parallelism) =>
        Gemm.Multiply(rows, TextHidden, _config.ShuffledWidth, shuffled, _config.ShuffledWidth, false, _projection,
            output, TextHidden, false, parallelism);
}
