namespace Fleet.Policy.SmolVla.Vision;

/// <summary>
/// Sizes of SmolVLM's SigLIP vision tower and its pixel-shuffle connector (the <c>vision_config</c> of the VLM's
/// config.json plus its <c>scale_factor</c>). Images are square, <see cref="ImageSize"/> pixels a side, cut into
/// non-overlapping <see cref="PatchSize"/>² patches; the connector folds each <see cref="ScaleFactor"/>² block of
/// patches into one token.
/// </summary>
/// <param name="ImageSize">Side of the square input image in pixels (512 for smolvla_base).</param>
/// <param name="PatchSize">Side of one patch in pixels; the patch convolution's kernel and stride (16).</param>
/// <param name="Hidden">Width of a patch embedding (768).</param>
/// <param name="Layers">Encoder layers (12).</param>
/// <param name="Heads">Attention heads; <see cref="Hidden"/> must be a multiple of it (12 heads of 64).</param>
/// <param name="Intermediate">Width of the MLP's hidden layer (3072).</param>
/// <param name="LayerNormEps">Epsilon of every LayerNorm (1e-6).</param>
/// <param name="ScaleFactor">Pixel-shuffle factor of the connector (4): patches per token along each side.</param>
public sealed record SigLipConfig(int ImageSize, int PatchSize, int Hidden, int Layers, int Heads, int Intermediate, float LayerNormEps, int ScaleFactor)
{
    /// <summary>The tower of SmolVLM2-500M-Video-Instruct as used by <c>lerobot/smolvla_base</c> (policies.md §1.2).</summary>
    public static SigLipConfig SmolVlaBase { get; } = new(512, 16, 768, 12, 12, 3072, 1e-6f, 4);

    /// <summary>Patches along one side of the image: <c>ImageSize / PatchSize</c>.</summary>
    public int PatchesPerSide => ImageSize / PatchSize;

    /// <summary>Patches per image, which is also the number of position-embedding rows.</summary>
    public int Patches => PatchesPerSide * PatchesPerSide;

    /// <summary>Values in one flattened patch (3 channels × PatchSize²): the patch convolution's input width.</summary>
    public int PatchValues => 3 * PatchSize * PatchSize;

    /// <summary>Width of one attention head.</summary>
    public int HeadDim => Hidden / Heads;

    /// <summary>Connector tokens per image: <c>(PatchesPerSide / ScaleFactor)²</c>.</summary>
    public int TokensPerImage => Patches / (ScaleFactor * ScaleFactor);

    /// <summary>Width of a pixel-shuffled token, the connector projection's input: <c>Hidden · ScaleFactor²</c>.</summary>
    public int ShuffledWidth => Hidden * ScaleFactor * ScaleFactor;

    /// <summary>Checks that the sizes fit together; throws naming the first one that does not.</summary>
    /// <exception cref="ArgumentException">A size is not positive, the image is not a whole number of patches, the
    /// hidden width does not split into the heads, or the patch grid is not a whole number of shuffle blocks.</exception>
    public void Validate()
    {
        if (ImageSize <= 0 || PatchSize <= 0 || Hidden <= 0 || Layers <= 0 || Heads <= 0 || Intermediate <= 0 || ScaleFactor <= 0)
            throw new ArgumentException($"SigLIP config {this}: every size must be positive.");
        if (!(LayerNormEps > 0) || float.IsInfinity(LayerNormEps))
            throw new ArgumentException($"SigLIP config: layer_norm_eps must be a positive number, got {LayerNormEps}.");
        if (ImageSize % PatchSize != 0)
            throw new ArgumentException($"SigLIP config: image_size {ImageSize} is not a multiple of patch_size {PatchSize}.");
        if (Hidden % Heads != 0)
            throw new ArgumentException($"SigLIP config: hidden_size {Hidden} does not split into {Heads} attention heads.");
        if (PatchesPerSide % ScaleFactor != 0)
            throw new ArgumentException($"SigLIP config: {PatchesPerSide} patches per side is not a multiple of scale_factor {ScaleFactor}.");
    }
}
