using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.Tensors;

/// <summary>Single kernels against torch's own ops on random inputs (tests/reference/act_reference.py kernels).</summary>
public sealed class TorchKernelTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private SafetensorsFile Reference()
    {
        PythonReference.Run("kernels", "--out", _dir.File("kernels.safetensors"));
        return SafetensorsFile.Open(_dir.File("kernels.safetensors"));
    }

    [TorchFact]
    public void Kernels_RandomInputs_MatchTorch()
    {
        using var t = Reference();
        var x = t.ReadFloat32("resize.in");
        Check(t, "resize.up", y => BilinearResize.Forward(x, 3, 37, 53, y, 64, 80));
        Check(t, "resize.down", y => BilinearResize.Forward(x, 3, 37, 53, y, 17, 29));
        Check(t, "pixel_shuffle.out", y => PixelShuffle.Forward(t.ReadFloat32("pixel_shuffle.in"), 8, 5, 6, 2, y));
        Check(t, "gelu_erf", y => { t.ReadFloat32("act.in").CopyTo(y); Gelu.ForwardErf(y); });
        Check(t, "gelu_tanh", y => { t.ReadFloat32("act.in").CopyTo(y); Gelu.ForwardTanh(y); });
        Check(t, "silu", y => { t.ReadFloat32("act.in").CopyTo(y); Silu.Forward(y); });
        Check(t, "layer_norm.out", y =>
        {
            t.ReadFloat32("layer_norm.in").CopyTo(y);
            LayerNorm.Forward(y, 48, t.ReadFloat32("layer_norm.weight"), t.ReadFloat32("layer_norm.bias"), 1e-5f);
        });
        Check(t, "softmax.out", y => { t.ReadFloat32("softmax.in").CopyTo(y); Softmax.Forward(y, 33); });
        var conv = new ConvWeights(7, 5, 3, 3, 2, 1, 1, t.ReadFloat32("conv.weight"), t.ReadFloat32("conv.bias"));
        Check(t, "conv.out", y => Conv2d.Forward(conv, t.ReadFloat32("conv.in"), 23, 19, y));
        Check(t, "max_pool.out", y => MaxPool.Forward(t.ReadFloat32("conv.in"), 5, 23, 19, 3, 2, 1, y));
    }

    private static void Check(SafetensorsFile t, string key, Action<float[]> run)
    {
        var expected = t.ReadFloat32(key);
        var actual = new float[expected.Length];
        run(actual);
        double diff = Naive.MaxAbsDiff(expected, actual);
        Assert.True(diff < 2e-5, $"{key}: max |diff| {diff:E2}");
    }

    public void Dispose() => _dir.Dispose();
}
