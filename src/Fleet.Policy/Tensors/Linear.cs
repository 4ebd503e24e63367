using System.Numerics.Tensors;

namespace Fleet.Policy.Tensors;

/// <summary>
/// A fully connected layer with PyTorch's parameter layout: <c>y = x·Wᵀ + b</c>, weight <c>[out, in]</c>.
/// Rows of x are independent, so a whole batch of token rows goes through one GEMM.
/// </summary>
/// <param name="InFeatures">Input width.</param>
/// <param name="OutFeatures">Output width.</param>
/// <param name="Weight">Row-major <c>[OutFeatures, InFeatures]</c>.</param>
/// <param name="Bias">One value per output, or null.</param>
public sealed record Linear(int InFeatures, int OutFeatures, float[] Weight, float[]? Bias)
{
    // Packed once: a layer's weight is multiplied on every forward pass.
    private readonly PackedMatrix _packed = PackedMatrix.Pack(Weight, InFeatures, OutFeatures, InFeatures, transpose: true);

    /// <summary>Applies the layer to <paramref name="rows"/> rows of <paramref name="x"/>, overwriting <paramref name="y"/>.</summary>
    public void Forward(ReadOnlySpan<float> x, int rows, Span<float> y, Parallelism? parallelism = null)
    {
        Gemm.Multiply(rows, OutFeatures, InFeatures, x, InFeatures, false, _packed, y, OutFeatures, false, parallelism);
        if (Bias is null)
            return;
        for (int r = 0; r < rows; r++)
        {
            var row = y.Slice(r * OutFeatures, OutFeatures);
            TensorPrimitives.Add(row, Bias, row);
        }
    }
}
