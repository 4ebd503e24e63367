using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.Tensors;

/// <summary>Max-pooling into a zero-bordered map gives the dense kernel's values in the interior and zeros around it.</summary>
public sealed class MaxPoolPaddedTests
{
    [Theory]
    [InlineData(64, 15, 22)]  // the vector path (channels a multiple of 16), odd height
    [InlineData(5, 9, 8)]     // the scalar path
    public void ForwardPadded_MatchesDensePoolAndClearsBorder(int channels, int h, int w)
    {
        const int batch = 2;
        // Negative values: a border that counted as 0 instead of −∞ would win at the edges.
        var input = Naive.Random(batch * h * w * channels, 61).Select(v => v - 2f).ToArray();
        int oh = MaxPool.OutSize(h, 3, 2, 1), ow = MaxPool.OutSize(w, 3, 2, 1);
        var dense = new float[batch * oh * ow * channels];
        MaxPoolNhwc.Forward(input, batch, h, w, channels, 3, 2, 1, dense);
        var shape = new PaddedNhwc(batch, oh, ow, channels);
        var padded = Naive.Random(shape.Length, 62);
        MaxPoolNhwc.ForwardPadded(input, batch, h, w, channels, 3, 2, 1, shape, padded, new Parallelism(3));

        var interior = new float[dense.Length];
        shape.CopyToDense(padded, interior);
        Assert.Equal(dense, interior);
        Assert.Equal(0f, padded[(int)shape.Offset(0, -1, -1)]);
        Assert.Equal(0f, padded[(int)shape.Offset(1, oh, ow) + channels - 1]);
        Assert.Equal(0f, padded[(int)shape.Offset(1, 3, -1)]);
    }
}
