using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act.Backbone;

/// <summary>A bias-free convolution followed by a frozen batch norm, loaded and folded into one convolution.</summary>
internal static class ConvBn
{
    /// <summary>Frozen BN epsilon of torchvision's <c>FrozenBatchNorm2d</c>.</summary>
    public const float Epsilon = 1e-5f;

    /// <summary>Reads <c>{conv}.weight</c> and <c>{bn}.{weight,bias,running_mean,running_var}</c> and folds them.</summary>
    public static ConvWeights Load(SafetensorsFile file, string conv, string bn, int inChannels, int outChannels, int kernel, int stride, int padding)
    {
        var weight = file.ReadFloat32(conv + ".weight", outChannels, inChannels, kernel, kernel);
        var raw = new ConvWeights(outChannels, inChannels, kernel, kernel, stride, padding, 1, weight, null);
        return BatchNormFold.Fold(raw,
            file.ReadFloat32(bn + ".weight", outChannels), file.ReadFloat32(bn + ".bias", outChannels),
            file.ReadFloat32(bn + ".running_mean", outChannels), file.ReadFloat32(bn + ".running_var", outChannels), Epsilon);
    }
}
