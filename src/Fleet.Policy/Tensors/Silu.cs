namespace Fleet.Policy.Tensors;

/// <summary>SiLU (swish): <c>x·σ(x)</c>.</summary>
public static class Silu
{
    /// <summary>Applies SiLU in place.</summary>
    public static void Forward(Span<float> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] = x[i] / (1f + MathF.Exp(-x[i]));
    }
}
