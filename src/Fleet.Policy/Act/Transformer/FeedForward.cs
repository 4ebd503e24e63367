using System.Buffers;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act.Transformer;

/// <summary>The transformer MLP: <c>linear2(activation(linear1(x)))</c> with ReLU or exact GELU.</summary>
internal sealed class FeedForward(SafetensorsFile file, string prefix, int dim, int hidden, string activation, ActProfile? profile = null, string name = "")
{
    private readonly Linear _linear1 = Weights.Linear(file, prefix + ".linear1", dim, hidden);
    private readonly Linear _linear2 = Weights.Linear(file, prefix + ".linear2", hidden, dim);
    private readonly bool _gelu = activation == "gelu";

    public void Forward(ReadOnlySpan<float> x, int rows, Span<float> output, Parallelism parallelism)
    {
        int size = rows * _linear1.OutFeatures;
        // Pooled: [rows, dim_feedforward] is 3.9 MB per observation at ACT's default sizes.
        var rented = ArrayPool<float>.Shared.Rent(size);
        try
        {
            var h = rented.AsSpan(0, size);
            using (ActProfile.Time(profile, name + " ff linear1 GEMM+bias"))
                _linear1.Forward(x, rows, h, parallelism);
            using (ActProfile.Time(profile, name + " ff activation"))
                if (_gelu) Gelu.ForwardErf(h); else Relu.Forward(h);
            using (ActProfile.Time(profile, name + " ff linear2 GEMM+bias"))
                _linear2.Forward(h, rows, output, parallelism);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
