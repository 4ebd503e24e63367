namespace Fleet.Policy.Tensors;

/// <summary>GELU in its two PyTorch forms: exact (<c>x·Φ(x)</c> through erf) and the tanh approximation.</summary>
public static class Gelu
{
    /// <summary>Exact GELU, <c>0.5·x·(1 + erf(x/√2))</c>, in place.</summary>
    public static void ForwardErf(Span<float> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] = (float)(0.5 * x[i] * (1.0 + Erf(x[i] * 0.7071067811865476)));
    }

    /// <summary>Tanh GELU, <c>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715x³)))</c>, in place.</summary>
    public static void ForwardTanh(Span<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            x[i] = (float)(0.5 * v * (1.0 + Math.Tanh(0.7978845608028654 * (v + 0.044715 * v * v * v))));
        }
    }

    /// <summary>
    /// erf in double, accurate to about 1e-15 (series for small |x|, continued fraction of erfc otherwise);
    /// .NET has no erf of its own.
    /// </summary>
    public static double Erf(double x)
    {
        double ax = Math.Abs(x);
        if (ax < 2.5)
        {
            // Maclaurin series: erf x = 2/√π Σ (−1)ⁿ x^(2n+1) / (n!(2n+1)).
            double sum = 0, term = ax;
            for (int n = 0; n < 80; n++)
            {
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
                term *= -ax * ax / (n + 1);
            }
            return Math.CopySign(sum * 1.1283791670955126, x);
        }
        if (ax > 6) return Math.CopySign(1.0, x);
        // Lentz continued fraction for erfc.
        double f = ax, c = ax, d = 0;
        for (int n = 1; n < 200; n++)
        {
            double an = n * 0.5;
            d = ax + an * d; d = 1 / d;
            c = ax + an / c;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        double erfc = Math.Exp(-ax * ax) / (f * 1.7724538509055159);
        return Math.CopySign(1 - erfc, x);
    }
}
