using Fleet.Policy.FlowMatching;

namespace Fleet.Policy.Tests.FlowMatching;

public sealed class FlowMatchingTests
{
    [Fact]
    public void TimeEmbedding_FourWide_IsSinesThenCosinesOfGeometricPeriods()
    {
        // half = 2 periods: 1 and 4 (fractions 0 and 1); t = 0.5 gives phases π and π/4.
        var e = new float[4];
        new TimeEmbedding(4, 1.0, 4.0).Embed(0.5f, e);
        Assert.Equal(0f, e[0], 6);
        Assert.Equal(0.70710678f, e[1], 6);
        Assert.Equal(-1f, e[2], 6);
        Assert.Equal(0.70710678f, e[3], 6);
    }

    [Fact]
    public void TimeEmbedding_SmolVlaPeriods_MiddlePeriodIsGeometricMean()
    {
        // 6 wide: periods 0.004, √(0.004·4) = 0.126491, 4; t = 1 → sin(2π/0.126491) = sin(49.673…).
        var e = new float[6];
        new TimeEmbedding(6, 4e-3, 4.0).Embed(1f, e);
        Assert.Equal((float)Math.Sin(2 * Math.PI / Math.Sqrt(0.016)), e[1], 6);
        Assert.Equal((float)Math.Sin(2 * Math.PI / 4.0), e[2], 6);
        Assert.Equal((float)Math.Cos(2 * Math.PI / 0.004), e[3], 5);
    }

    [Fact]
    public void TimeEmbedding_OddWidth_Throws() =>
        Assert.Throws<ArgumentException>(() => new TimeEmbedding(5, 1, 2));

    [Fact]
    public void EulerSampler_TenSteps_TimesRunFromOneDownToOneTenth()
    {
        var sampler = new EulerSampler(10);
        Assert.Equal(1.0f, sampler.TimeAt(0));
        Assert.Equal(0.9f, sampler.TimeAt(1));
        Assert.Equal(0.7f, sampler.TimeAt(3));
        Assert.Equal(0.1f, sampler.TimeAt(9), 7);
        Assert.Equal(-0.1f, sampler.Dt);
    }

    [Fact]
    public void EulerSampler_ExactVelocity_RecoversTheData()
    {
        // x_t = t·noise + (1−t)·data has the constant velocity noise − data; Euler is exact for it.
        float[] data = [0.25f, -1.5f, 3f], noise = [1f, 0.5f, -2f];
        var x = (float[])noise.Clone();
        var times = new List<float>();
        new EulerSampler(10).Sample(x, (_, t, _, v) =>
        {
            times.Add(t);
            for (int i = 0; i < v.Length; i++) v[i] = noise[i] - data[i];
        }, new float[3]);
        for (int i = 0; i < 3; i++) Assert.Equal(data[i], x[i], 5);
        Assert.Equal(10, times.Count);
    }

    [Fact]
    public void EulerSampler_LinearField_ShrinksByOnePlusDtPerStep()
    {
        // v = x: each step multiplies by 1 − 0.1, so 10 steps give 0.9^10 = 0.3486784401.
        float[] x = [1f, -2f];
        new EulerSampler(10).Sample(x, (cur, _, _, v) => cur.CopyTo(v), new float[2]);
        Assert.Equal(0.3486784401f, x[0], 5);
        Assert.Equal(-0.6973568802f, x[1], 5);
    }

    [Fact]
    public void GaussianNoise_SplitMix64_FirstOutputOfSeedZeroIsTheKnownValue()
    {
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, GaussianNoise.Next(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, GaussianNoise.Next(ref state));
    }

    [Fact]
    public void GaussianNoise_SameSeed_SameValues_OtherSeedDiffers()
    {
        var a = GaussianNoise.Create(42, 1001);
        var b = GaussianNoise.Create(42, 1001);
        var c = GaussianNoise.Create(43, 1001);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void GaussianNoise_ManySamples_HaveUnitNormalMoments()
    {
        var z = GaussianNoise.Create(7, 200_000);
        double mean = z.Average(v => (double)v);
        double variance = z.Average(v => (v - mean) * (v - mean));
        double tail = z.Count(v => Math.Abs(v) > 1.96) / (double)z.Length;
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
        Assert.InRange(tail, 0.045, 0.055);
    }
}
