using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla.Vision;

/// <summary>
/// SigLIP's patch embedding: a <c>PatchSize</c>×<c>PatchSize</c> convolution with stride <c>PatchSize</c> and bias, then
/// the learned position embedding. With non-overlapping patches the convolution is one GEMM: patch i (row-major over
/// the patch grid) flattened in (channel, row, column) order, times the <c>[hidden, 3·p·p]</c> kernel. For a full
/// square image the position id of patch i is i (policies.md §1.3 step 3), so row i of the position table is added.
/// </summary>
internal sealed class PatchEmbedding
{
    private readonly PackedMatrix _kernel;
    private readonly float[] _positionPlusBias;
    private readonly SigLipConfig _config;

    public PatchEmbedding(VisionWeights weights, SigLipConfig config)
    {
        _config = config;
        int d = config.Hidden, p = config.PatchSize;
        var kernel = weights.Read("vision_model.embeddings.patch_embedding.weight", d, 3, p, p);
        _kernel = PackedMatrix.Pack(kernel, config.PatchValues, d, config.PatchValues, transpose: true);
        var bias = weights.Read("vision_model.embeddings.patch_embedding.bias", d);
        _positionPlusBias = weights.Read("vision_model.embeddings.position_embedding.weight", config.Patches, d);
        // The bias is the same for every patch, so it joins the position table once instead of every call.
        for (int i = 0; i < config.Patches; i++)
            System.Numerics.Tensors.TensorPrimitives.Add(_positionPlusBias.AsSpan(i * d, d), bias, _positionPlusBias.AsSpan(i * d, d));
    }

    /// <summary>Embeds one prepared <c>[3, S, S]</c> image into <c>workspace.Hidden</c> (<c>[patches, hidden]</c>).</summary>
    public void Forward(ReadOnlySpan<float> image, VisionWorkspace workspace, Parallelism parallelism)
    {
        int patches = _config.Patches, k = _config.PatchValues, d = _config.Hidden;
        Extract(image, workspace.Wide);
        _positionPlusBias.CopyTo(workspace.Hidden, 0);
        Gemm.Multiply(patches, d, k, workspace.Wide, k, false, _kernel, workspace.Hidden, d, accumulate: true, parallelism);
    }

    /// <summary>im2col for stride = kernel: row i of <paramref name="patches"/> is patch i in (channel, ky, kx) order.</summary>
    internal static void Extract(ReadOnlySpan<float> image, Span<float> patches, SigLipConfig config)
    {
        int s = config.ImageSize, p = config.PatchSize, grid = config.PatchesPerSide, k = config.PatchValues;
        for (int pr = 0; pr < grid; pr++)
            for (int pc = 0; pc < grid; pc++)
            {
                var dst = patches.Slice((pr * grid + pc) * k, k);
                for (int c = 0; c < 3; c++)
                    for (int ky = 0; ky < p; ky++)
                        image.Slice((c * s + pr * p + ky) * s + pc * p, p).CopyTo(dst.Slice((c * p + ky) * p, p));
            }
    }

    private void Extract(ReadOnlySpan<float> image, Span<float> patches) => Extract(image, patches, _config);
}
