using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act.Backbone;

/// <summary>
/// torchvision's ResNet BasicBlock with frozen BN folded: <c>relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))</c>,
/// where the shortcut is the identity or a folded 1×1 strided conv + BN (<c>downsample.0/.1</c>).
/// </summary>
internal sealed class BasicBlock
{
    private readonly ConvWeights _conv1;
    private readonly ConvWeights _conv2;
    private readonly ConvWeights? _downsample;

    public BasicBlock(SafetensorsFile file, string prefix, int inChannels, int outChannels, int stride)
    {
        _conv1 = ConvBn.Load(file, prefix + ".conv1", prefix + ".bn1", inChannels, outChannels, 3, stride, 1);
        _conv2 = ConvBn.Load(file, prefix + ".conv2", prefix + ".bn2", outChannels, outChannels, 3, 1, 1);
        if (stride != 1 || inChannels != outChannels)
            _downsample = ConvBn.Load(file, prefix + ".downsample.0", prefix + ".downsample.1", inChannels, outChannels, 1, stride, 0);
    }

    public int OutChannels => _conv2.OutChannels;

    /// <summary>Runs the block on a <c>[in, h, w]</c> map; returns the <c>[out, oh, ow]</c> map and its size.</summary>
    public (float[] Output, int Height, int Width) Forward(float[] input, int h, int w, Parallelism parallelism)
    {
        int oh = _conv1.OutHeight(h), ow = _conv1.OutWidth(w), size = OutChannels * oh * ow;
        var hidden = new float[size];
        Conv2d.Forward(_conv1, input, h, w, hidden, parallelism);
        Relu.Forward(hidden);
        var output = new float[size];
        Conv2d.Forward(_conv2, hidden, oh, ow, output, parallelism);
        if (_downsample is null)
            System.Numerics.Tensors.TensorPrimitives.Add(output, input.AsSpan(0, size), output);
        else
        {
            Conv2d.Forward(_downsample, input, h, w, hidden, parallelism);
            System.Numerics.Tensors.TensorPrimitives.Add(output, hidden, output);
        }
        Relu.Forward(output);
        return (output, oh, ow);
    }
}
