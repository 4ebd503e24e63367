using System.Numerics.Tensors;

namespace Fleet.Policy.Act.Transformer;

/// <summary>
/// One residual sub-block in ACT's two arrangements: post-norm <c>x = LN(x + f(x))</c> or pre-norm
/// <c>x = x + f(LN(x))</c>. <c>f</c> receives the (possibly normalized) input and writes its result.
/// </summary>
internal sealed class ResidualNorm((float[] Gamma, float[] Beta) norm, int dim, bool preNorm)
{
    private const float Epsilon = 1e-5f;

    public delegate void SubLayer(float[] input, float[] output);

    public void Apply(float[] x, SubLayer f)
    {
        var output = new float[x.Length];
        if (preNorm)
        {
            var normed = (float[])x.Clone();
            Normalize(normed);
            f(normed, output);
            TensorPrimitives.Add(x, output, x);
            return;
        }
        f(x, output);
        TensorPrimitives.Add(x, output, x);
        Normalize(x);
    }

    public void Normalize(float[] x) => Tensors.LayerNorm.Forward(x, dim, norm.Gamma, norm.Beta, Epsilon);
}
