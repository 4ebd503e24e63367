using System.Numerics.Tensors;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla;

/// <summary>
/// A Linear layer (<c>y = x·Wᵀ + b</c>) that keeps only the packed weight, so a 400 M-parameter model is held once in
/// memory, not twice. Several checkpoint weights with the same input width may be stacked into one layer (Q, K and V;
/// gate and up), whose output row is then their outputs side by side.
/// </summary>
internal sealed class PackedLinear
{
    private readonly PackedMatrix _weight;
    private readonly float[]? _bias;

    private PackedLinear(int inFeatures, int outFeatures, float[] weight, float[]? bias)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        _weight = PackedMatrix.Pack(weight, inFeatures, outFeatures, inFeatures, transpose: true);
        _bias = bias;
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>Reads <c>{name}.weight</c> [out, in] (and <c>{name}.bias</c> [out] when <paramref name="bias"/>), shapes checked.</summary>
    public static PackedLinear Read(SafetensorsFile file, string name, int inFeatures, int outFeatures, bool bias) =>
        new(inFeatures, outFeatures, file.ReadFloat32(name + ".weight", outFeatures, inFeatures),
            bias ? file.ReadFloat32(name + ".bias", outFeatures) : null);

    /// <summary>Stacks bias-free weights <c>{name}.weight</c> [out_i, in] into one layer of Σ out_i outputs.</summary>
    public static PackedLinear Stack(SafetensorsFile file, int inFeatures, params (string Name, int Out)[] parts)
    {
        int total = parts.Sum(p => p.Out);
        var weight = new float[total * inFeatures];
        int row = 0;
        foreach (var (name, outFeatures) in parts)
        {
            file.ReadFloat32(name + ".weight", outFeatures, inFeatures).CopyTo(weight, row * inFeatures);
            row += outFeatures;
        }
        return new PackedLinear(inFeatures, total, weight, null);
    }

    /// <summary>Wraps an in-memory weight [out, in] (already sliced or combined by the caller).</summary>
    public static PackedLinear FromWeight(float[] weight, int inFeatures, int outFeatures, float[]? bias) => new(inFeatures, outFeatures, weight, bias);

    /// <summary>Computes <paramref name="rows"/> rows: <c>y = x·Wᵀ + b</c>, or <c>y += x·Wᵀ + b</c> when <paramref name="accumulate"/>.</summary>
    public void Forward(ReadOnlySpan<float> x, int rows, Span<float> y, Parallelism? parallelism, bool accumulate = false)
    {
        Gemm.Multiply(rows, OutFeatures, InFeatures, x, InFeatures, false, _weight, y, OutFeatures, accumulate, parallelism);
        if (_bias is null)
            return;
        for (int r = 0; r < rows; r++)
        {
            var row = y.Slice(r * OutFeatures, OutFeatures);
            TensorPrimitives.Add(row, _bias, row);
        }
    }
}
