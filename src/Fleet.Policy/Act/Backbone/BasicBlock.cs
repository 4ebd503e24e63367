using System.Buffers;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act.Backbone;

/// <summary>
/// torchvision's ResNet BasicBlock with frozen BN folded: <c>relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))</c>,
/// where the shortcut is the identity or a folded 1×1 strided conv + BN (<c>downsample.0/.1</c>). Runs on NHWC
/// batches; the second conv adds the shortcut and applies the ReLU in its epilogue. Where <see cref="PaddedConv"/>
/// runs (AVX-512), every conv reads and writes zero-bordered maps (<see cref="ForwardPadded"/>); otherwise dense maps
/// through <see cref="Conv2dNhwc"/>'s im2col (<see cref="Forward"/>).
/// </summary>
internal sealed class BasicBlock
{
    private readonly ConvWeights _w1, _w2;
    private readonly ConvWeights? _wDown;
    private readonly Conv2dNhwc? _conv1, _conv2, _downsample;
    private readonly PaddedConv? _padded1, _padded2, _paddedDown;
    private readonly ActProfile? _profile;
    private readonly string _name;

    public BasicBlock(SafetensorsFile file, string prefix, int inChannels, int outChannels, int stride, ActProfile? profile = null, string name = "")
    {
        _profile = profile;
        _name = name;
        _w1 = ConvBn.Load(file, prefix + ".conv1", prefix + ".bn1", inChannels, outChannels, 3, stride, 1);
        _w2 = ConvBn.Load(file, prefix + ".conv2", prefix + ".bn2", outChannels, outChannels, 3, 1, 1);
        if (stride != 1 || inChannels != outChannels)
            _wDown = ConvBn.Load(file, prefix + ".downsample.0", prefix + ".downsample.1", inChannels, outChannels, 1, stride, 0);
        // Only one form is packed: both would double the weights' memory.
        Padded = PaddedConv.Supports(_w1) && PaddedConv.Supports(_w2) && (_wDown is null || PaddedConv.Supports(_wDown));
        if (Padded)
        {
            (_padded1, _padded2) = (new(_w1), new(_w2));
            _paddedDown = _wDown is null ? null : new(_wDown);
        }
        else
        {
            (_conv1, _conv2) = (new(_w1), new(_w2));
            _downsample = _wDown is null ? null : new(_wDown);
        }
    }

    /// <summary>Whether this block runs on zero-bordered maps (<see cref="ForwardPadded"/>).</summary>
    public bool Padded { get; }

    public int OutChannels => _w2.OutChannels;

    /// <summary>
    /// Runs the block on a <c>[batch, h, w, in]</c> map; returns the <c>[batch, oh, ow, out]</c> map (rented from
    /// <see cref="ArrayPool{T}.Shared"/>, possibly longer than needed: the caller returns it) and its size.
    /// </summary>
    public (float[] Output, int Height, int Width) Forward(float[] input, int batch, int h, int w, Parallelism parallelism)
    {
        if (_conv1 is null || _conv2 is null)
            throw new InvalidOperationException($"{_name}: this block was built for padded maps; call ForwardPadded.");
        int oh = _w1.OutHeight(h), ow = _w1.OutWidth(w), size = batch * oh * ow * OutChannels;
        var pool = ArrayPool<float>.Shared;
        // Pooled: at 480×640 and batch 8 these maps are ~150 MB; fresh arrays would be zeroed and faulted in every call.
        float[] hidden = pool.Rent(size), output = pool.Rent(size);
        float[]? shortcut = _downsample is null ? null : pool.Rent(size);
        try
        {
            using (ActProfile.Time(_profile, _name + ".conv1"))
                _conv1.Forward(input, batch, h, w, hidden.AsSpan(0, size), parallelism, relu: true);
            if (_downsample is not null)
                using (ActProfile.Time(_profile, _name + ".downsample"))
                    _downsample.Forward(input, batch, h, w, shortcut.AsSpan(0, size), parallelism);
            using (ActProfile.Time(_profile, _name + ".conv2"))
                _conv2.Forward(hidden, batch, oh, ow, output.AsSpan(0, size), parallelism, (shortcut ?? input).AsSpan(0, size), relu: true);
            return (output, oh, ow);
        }
        finally
        {
            pool.Return(hidden);
            if (shortcut is not null) pool.Return(shortcut);
        }
    }

    /// <summary>
    /// Runs the block on a zero-bordered map of geometry <paramref name="shape"/>; returns the output map (same layout,
    /// rented from <see cref="ArrayPool{T}.Shared"/>: the caller returns it) and its geometry.
    /// </summary>
    public (float[] Output, PaddedNhwc Shape) ForwardPadded(float[] input, PaddedNhwc shape, Parallelism parallelism)
    {
        if (_padded1 is null || _padded2 is null)
            throw new InvalidOperationException($"{_name}: this block was built for dense maps; call Forward.");
        var outShape = _padded1.OutputShape(shape);
        var pool = ArrayPool<float>.Shared;
        float[] hidden = pool.Rent(outShape.Length), output = pool.Rent(outShape.Length);
        float[]? shortcut = _paddedDown is null ? null : pool.Rent(outShape.Length);
        try
        {
            using (ActProfile.Time(_profile, _name + ".conv1"))
                _padded1.Forward(shape, input, hidden, parallelism, relu: true);
            if (_paddedDown is not null)
                using (ActProfile.Time(_profile, _name + ".downsample"))
                    _paddedDown.Forward(shape, input, shortcut, parallelism);
            using (ActProfile.Time(_profile, _name + ".conv2"))
                _padded2.Forward(outShape, hidden, output, parallelism, (shortcut ?? input).AsSpan(0, outShape.Length), relu: true);
            return (output, outShape);
        }
        finally
        {
            pool.Return(hidden);
            if (shortcut is not null) pool.Return(shortcut);
        }
    }
}
