namespace Fleet.Policy.FlowMatching;

/// <summary>
/// Standard normal noise from a seed, identical on every machine and .NET version: a SplitMix64 stream (Steele, Lea
/// and Flood 2014: state += 0x9E3779B97F4A7C15, then the xor-shift/multiply finalizer) gives 53-bit uniforms
/// <c>u = (bits &gt;&gt; 11)·2⁻⁵³</c>, and each pair (u1, u2) becomes two normals by Box–Muller in float64:
/// <c>r = √(−2 ln(1 − u1))</c>, <c>z0 = r·cos(2π u2)</c>, <c>z1 = r·sin(2π u2)</c>, rounded to fp32.
/// It does not reproduce PyTorch's <c>torch.randn</c> stream; pass an explicit noise tensor for bit-parity with PyTorch.
/// </summary>
public static class GaussianNoise
{
    /// <summary>Fills <paramref name="output"/> with N(0, 1) samples drawn from <paramref name="seed"/>.</summary>
    public static void Fill(ulong seed, Span<float> output)
    {
        ulong state = seed;
        for (int i = 0; i < output.Length; i += 2)
        {
            double u1 = Uniform(ref state), u2 = Uniform(ref state);
            double r = Math.Sqrt(-2.0 * Math.Log(1.0 - u1));
            double angle = 2.0 * Math.PI * u2;
            output[i] = (float)(r * Math.Cos(angle));
            if (i + 1 < output.Length) output[i + 1] = (float)(r * Math.Sin(angle));
        }
    }

    /// <summary>A new array of <paramref name="count"/> N(0, 1) samples drawn from <paramref name="seed"/>.</summary>
    public static float[] Create(ulong seed, int count)
    {
        var noise = new float[count];
        Fill(seed, noise);
        return noise;
    }

    /// <summary>The next SplitMix64 output as a uniform double in [0, 1).</summary>
    internal static double Uniform(ref ulong state) => (Next(ref state) >> 11) * (1.0 / (1UL << 53));

    /// <summary>One SplitMix64 step.</summary>
    internal static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
