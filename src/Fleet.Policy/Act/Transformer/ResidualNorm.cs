using System.Buffers;
using System.Numerics.Tensors;

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
    public void Apply(float[] x, SubLayer f)
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
            {
                TensorPrimitives.Add(x, output.AsSpan(0, x.Length), x);
                Normalize(x);
            }
        }
        finally
        {
            pool.Return(output);
        }
    }

    public void Normalize(Span<float> x) => Tensors.LayerNorm.Forward(x, dim, norm.Gamma, norm.Beta, Epsilon);
}
