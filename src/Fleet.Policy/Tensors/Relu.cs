using System.Numerics.Tensors;

namespace Fleet.Policy.Tensors;

/// <summary>ReLU: <c>max(x, 0)</c>.</summary>
public static class Relu
{
    /// <summary>Applies ReLU in place.</summary>
    public static void Forward(Span<float> x) => TensorPrimitives.Max(x, 0f, x);

    /// <summary>
    /// <c>x = relu?(x + bias)</c> for every row of <paramref name="x"/> (rows of <c>bias.Length</c> values), one row at a
    /// time so the second operation finds the row in L1: a GEMM's bias and activation in one pass over its output.
    /// </summary>
    public static void AddBias(Span<float> x, ReadOnlySpan<float> bias, bool relu)
    {
        int width = bias.Length;
        if (width == 0 || x.Length % width != 0)
            throw new ArgumentException($"AddBias: {x.Length} values are not whole rows of the bias's {width}.");
        for (int at = 0; at < x.Length; at += width)
        {
            var row = x.Slice(at, width);
            TensorPrimitives.Add(row, bias, row);
            if (relu) TensorPrimitives.Max(row, 0f, row);
        }
    }
}
