using System.Buffers;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act.Backbone;

/// <summary>
/// torchvision's ResNet BasicBlock with frozen BN folded: <c>relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))</c>,
/// where the shortcut is the identity or a folded 1×1 strided conv + BN (<c>downsample.0/.1</c>). Runs on NHWC
/// batches; the second conv adds the shortcut and applies the ReLU in its epilogue.
/// </summary>
internal sealed class BasicBlock
{
    private readonly Conv2dNhwc _conv1;
    private readonly Conv2dNhwc _conv2;
    private readonly Conv2dNhwc? _downsample;

    public BasicBlock(SafetensorsFile file, string prefix, int inChannels, int outChannels, int stride)
    {
        _conv1 = new(ConvBn.Load(file, prefix + ".conv1", prefix + ".bn1", inChannels, outChannels, 3, stride, 1));
        _conv2 = new(ConvBn.Load(file, prefix + ".conv2", prefix + ".bn2", outChannels, outChannels, 3, 1, 1));
        if (stride != 1 || inChannels != outChannels)
            _downsample = new(ConvBn.Load(file, prefix + ".downsample.0", prefix + ".downsample.1", inChannels, outChannels, 1, stride, 0));
    }

    public int OutChannels => _conv2.Weights.OutChannels;

    /// <summary>
    /// Runs the block on a <c>[batch, h, w, in]</c> map; returns the <c>[batch, oh, ow, out]</c> map (rented from
    /// <see cref="ArrayPool{T}.Shared"/>, possibly longer than needed: the caller returns it) and its size.
    /// </summary>
    public (float[] Output, int Height, int Width) Forward(float[] input, int batch, int h, int w, Parallelism parallelism)
    {
        int oh = _conv1.Weights.OutHeight(h), ow = _conv1.Weights.OutWidth(w), size = batch * oh * ow * OutChannels;
        var pool = ArrayPool<float>.Shared;
        // Pooled: at 480×640 and batch 8 these maps are ~150 MB; fresh arrays would be zeroed and faulted in every call.
        float[] hidden = pool.Rent(size), output = pool.Rent(size);
        float[]? shortcut = _downsample is null ? null : pool.Rent(size);
        try
        {
            _conv1.Forward(input, batch, h, w, hidden.AsSpan(0, size), parallelism, relu: true);
            _downsample?.Forward(input, batch, h, w, shortcut.AsSpan(0, size), parallelism);
            _conv2.Forward(hidden, batch, oh, ow, output.AsSpan(0, size), parallelism, (shortcut ?? input).AsSpan(0, size), relu: true);
            return (output, oh, ow);
        }
        finally
        {
            pool.Return(hidden);
            if (shortcut is not null) pool.Return(shortcut);
        }
    }
}
