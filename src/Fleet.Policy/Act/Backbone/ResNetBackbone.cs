using System.Buffers;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act.Backbone;

/// <summary>
/// torchvision ResNet-18/34 up to <c>layer4</c> (no pooling head) with every frozen batch norm folded into its conv:
/// stem conv 7×7/2 → ReLU → max-pool 3×3/2, then four stages of BasicBlocks (64, 128, 256, 512 channels, strides
/// 1, 2, 2, 2). Runs channels-last (NHWC) batches; output: a <c>[⌈H/32⌉, ⌈W/32⌉, 512]</c> feature map per image. Weights are read from
/// <c>{prefix}conv1</c>, <c>{prefix}bn1</c> and <c>{prefix}layer{1..4}.{i}.*</c>.
/// </summary>
public sealed class ResNetBackbone
{
    private static readonly int[] Channels = [64, 128, 256, 512];
    private readonly Conv2dNhwc _stem;
    private readonly List<BasicBlock> _blocks = [];
    private readonly ActProfile? _profile;

    /// <summary>Loads the backbone named <paramref name="name"/> (<c>resnet18</c> or <c>resnet34</c>).</summary>
    /// <param name="file">The checkpoint.</param>
    /// <param name="prefix">Key prefix of the backbone's tensors.</param>
    /// <param name="name">The architecture.</param>
    /// <param name="profile">Where per-conv times go, or null.</param>
    /// <exception cref="CheckpointException">A weight is missing or has the wrong shape.</exception>
    public ResNetBackbone(SafetensorsFile file, string prefix, string name, ActProfile? profile = null)
    {
        _profile = profile;
        int[] depths = name == "resnet34" ? [3, 4, 6, 3] : [2, 2, 2, 2];
        _stem = new Conv2dNhwc(ConvBn.Load(file, prefix + "conv1", prefix + "bn1", 3, 64, 7, 2, 3));
        int inChannels = 64;
        for (int stage = 0; stage < 4; stage++)
            for (int i = 0; i < depths[stage]; i++)
            {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                _blocks.Add(new BasicBlock(file, $"{prefix}layer{stage + 1}.{i}", inChannels, Channels[stage], stride, profile, $"backbone layer{stage + 1}.{i}"));
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

    /// <summary>
    /// Runs a batch of normalized images in channels-last layout, <c>[batch, h, w, 3]</c>; returns the
    /// <c>[batch, fh, fw, 512]</c> feature maps (each row one image token before projection) in an array rented from
    /// <see cref="ArrayPool{T}.Shared"/> that may be longer than needed; the caller returns it.
    /// </summary>
    public (float[] Features, int Height, int Width) Forward(float[] images, int batch, int h, int w, Parallelism parallelism)
    {
        var pool = ArrayPool<float>.Shared;
        int sh = _stem.Weights.OutHeight(h), sw = _stem.Weights.OutWidth(w);
        int ph = MaxPool.OutSize(sh, 3, 2, 1), pw = MaxPool.OutSize(sw, 3, 2, 1);
        bool padded = _blocks.TrueForAll(b => b.Padded);
        var shape = new PaddedNhwc(batch, ph, pw, 64);
        float[] stem = pool.Rent(batch * sh * sw * 64), x = pool.Rent(padded ? shape.Length : batch * ph * pw * 64);
        try
        {
            using (ActProfile.Time(_profile, "backbone stem 7x7"))
                _stem.Forward(images, batch, h, w, stem.AsSpan(0, batch * sh * sw * 64), parallelism, relu: true);
            using (ActProfile.Time(_profile, "backbone maxpool"))
            {
                if (padded)
                    MaxPoolNhwc.ForwardPadded(stem, batch, sh, sw, 64, 3, 2, 1, shape, x, parallelism);
                else
                    MaxPoolNhwc.Forward(stem, batch, sh, sw, 64, 3, 2, 1, x);
            }
        }
        finally
        {
            pool.Return(stem);
        }
        if (padded)
            return ForwardPadded(x, shape, parallelism);
        (h, w) = (ph, pw);
        foreach (var block in _blocks)
        {
            var (next, nh, nw) = block.Forward(x, batch, h, w, parallelism);
            pool.Return(x);
            (x, h, w) = (next, nh, nw);
        }
        return (x, h, w);
    }

    /// <summary>The stages on zero-bordered maps (each conv writes into the next one's padded input); returns a dense map.</summary>
    private (float[] Features, int Height, int Width) ForwardPadded(float[] x, PaddedNhwc shape, Parallelism parallelism)
    {
        var pool = ArrayPool<float>.Shared;
        foreach (var block in _blocks)
        {
            var (next, nextShape) = block.ForwardPadded(x, shape, parallelism);
            pool.Return(x);
            (x, shape) = (next, nextShape);
        }
        var dense = pool.Rent(shape.Batch * shape.Height * shape.Width * shape.Channels);
        shape.CopyToDense(x, dense);
        pool.Return(x);
        return (dense, shape.Height, shape.Width);
    }
}
