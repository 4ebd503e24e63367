using System.Buffers;
using System.Numerics.Tensors;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act.Transformer;

/// <summary>
/// One residual sub-block in ACT's two arrangements: post-norm <c>x = LN(x + f(x))</c> or pre-norm
/// <c>x = x + f(LN(x))</c>. <c>f</c> receives the (possibly normalized) input and writes its result.
/// </summary>
internal sealed class ResidualNorm((float[] Gamma, float[] Beta) norm, int dim, bool preNorm, ActProfile? profile = null, string name = "")
{
    private const float Epsilon = 1e-5f;

    public delegate void SubLayer(float[] input, float[] output);

    /// <summary>
    /// Applies the block to <paramref name="x"/> in place. <c>f</c>'s arrays are pooled and may be longer than
    /// <paramref name="x"/>: it must use only the first <c>x.Length</c> values.
    /// </summary>
    public void Apply(float[] x, SubLayer f, Parallelism parallelism)
    {
        var pool = ArrayPool<float>.Shared;
        // Pooled: a block's output is [batch·tokens, D] (0.6 MB per observation); fresh arrays were zeroed and
        // page-faulted on every layer of every prediction.
        var output = pool.Rent(x.Length);
        try
        {
            if (preNorm)
            {
                var normed = pool.Rent(x.Length);
                try
                {
                    x.CopyTo(normed, 0);
                    Normalize(normed.AsSpan(0, x.Length));
                    f(normed, output);
                }
                finally
                {
                    pool.Return(normed);
                }
                TensorPrimitives.Add(x, output.AsSpan(0, x.Length), x);
                return;
            }
            f(x, output);
            using (ActProfile.Time(profile, name + " residual + layernorm"))
                AddAndNormalize(x, output, parallelism);
        }
        finally
        {
            pool.Return(output);
        }
    }

    /// <summary><c>x = LN(x + y)</c>, rows split over the threads (each row is independent).</summary>
    private void AddAndNormalize(float[] x, float[] y, Parallelism parallelism)
    {
        int rows = x.Length / dim, parts = Math.Min(parallelism.ThreadCount, rows);
        parallelism.For(parts, t =>
        {
            int r0 = (int)((long)rows * t / parts), r1 = (int)((long)rows * (t + 1) / parts);
            var xs = x.AsSpan(r0 * dim, (r1 - r0) * dim);
            TensorPrimitives.Add(xs, y.AsSpan(r0 * dim, (r1 - r0) * dim), xs);
            Normalize(xs);
        });
    }

    public void Normalize(Span<float> x) => Tensors.LayerNorm.Forward(x, dim, norm.Gamma, norm.Beta, Epsilon);
}
