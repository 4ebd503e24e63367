using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act.Backbone;

/// <summary>
/// torchvision ResNet-18/34 up to <c>layer4</c> (no pooling head) with every frozen batch norm folded into its conv:
/// stem conv 7×7/2 → ReLU → max-pool 3×3/2, then four stages of BasicBlocks (64, 128, 256, 512 channels, strides
/// 1, 2, 2, 2). Output: a <c>[512, ⌈H/32⌉, ⌈W/32⌉]</c> feature map per image. Weights are read from
/// <c>{prefix}conv1</c>, <c>{prefix}bn1</c> and <c>{prefix}layer{1..4}.{i}.*</c>.
/// </summary>
public sealed class ResNetBackbone
{
    private static readonly int[] Channels = [64, 128, 256, 512];
    private readonly ConvWeights _stem;
    private readonly List<BasicBlock> _blocks = [];

    /// <summary>Loads the backbone named <paramref name="name"/> (<c>resnet18</c> or <c>resnet34</c>).</summary>
    /// <exception cref="CheckpointException">A weight is missing or has the wrong shape.</exception>
    public ResNetBackbone(SafetensorsFile file, string prefix, string name)
    {
        int[] depths = name == "resnet34" ? [3, 4, 6, 3] : [2, 2, 2, 2];
        _stem = ConvBn.Load(file, prefix + "conv1", prefix + "bn1", 3, 64, 7, 2, 3);
        int inChannels = 64;
        for (int stage = 0; stage < 4; stage++)
            for (int i = 0; i < depths[stage]; i++)
            {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                _blocks.Add(new BasicBlock(file, $"{prefix}layer{stage + 1}.{i}", inChannels, Channels[stage], stride));
                inChannels = Channels[stage];
            }
    }

    /// <summary>Channels of the output feature map.</summary>
    public int OutChannels => 512;

    /// <summary>Feature map size for an input of <paramref name="h"/>×<paramref name="w"/>.</summary>
    public static (int Height, int Width) OutputSize(int h, int w)
    {
        h = (h + 6 - 7) / 2 + 1; w = (w + 6 - 7) / 2 + 1;
        h = MaxPool.OutSize(h, 3, 2, 1); w = MaxPool.OutSize(w, 3, 2, 1);
        for (int i = 0; i < 3; i++) { h = (h + 2 - 3) / 2 + 1; w = (w + 2 - 3) / 2 + 1; }
        return (h, w);
    }

    /// <summary>Runs one normalized <c>[3, h, w]</c> image; returns the <c>[512, fh, fw]</c> feature map.</summary>
    public (float[] Features, int Height, int Width) Forward(ReadOnlySpan<float> image, int h, int w, Parallelism parallelism)
    {
        int sh = _stem.OutHeight(h), sw = _stem.OutWidth(w);
        var stem = new float[64 * sh * sw];
        Conv2d.Forward(_stem, image, h, w, stem, parallelism);
        Relu.Forward(stem);
        int ph = MaxPool.OutSize(sh, 3, 2, 1), pw = MaxPool.OutSize(sw, 3, 2, 1);
        var x = new float[64 * ph * pw];
        MaxPool.Forward(stem, 64, sh, sw, 3, 2, 1, x);
        (h, w) = (ph, pw);
        foreach (var block in _blocks)
            (x, h, w) = block.Forward(x, h, w, parallelism);
        return (x, h, w);
    }
}
