using Fleet.Policy.Tensors;

namespace Fleet.Policy.Tests.Tensors;

/// <summary>The fused bias + ReLU pass against hand-computed rows.</summary>
public sealed class ReluBiasTests
{
    [Fact]
    public void AddBias_WithRelu_AddsPerColumnThenClampsAtZero()
    {
        float[] x = [1f, -2f, 0.5f, -1f, 3f, -0.25f];
        Relu.AddBias(x, [0.5f, 1f, -1f], relu: true);
        Assert.Equal([1.5f, 0f, 0f, 0f, 4f, 0f], x);
    }

    [Fact]
    public void AddBias_WithoutRelu_KeepsNegatives()
    {
        float[] x = [1f, -2f, 0.5f, -1f];
        Relu.AddBias(x, [0.5f, 1f], relu: false);
        Assert.Equal([1.5f, -1f, 1f, 0f], x);
    }

    [Fact]
    public void AddBias_PartialRow_SaysWhy()
    {
        var error = Assert.Throws<ArgumentException>(() => Relu.AddBias(new float[5], new float[2], relu: true));
        Assert.Contains("whole rows", error.Message);
    }
}
