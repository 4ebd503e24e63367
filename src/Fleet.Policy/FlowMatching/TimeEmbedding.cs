namespace Fleet.Policy.FlowMatching;

/// <summary>
/// The sinusoidal timestep embedding of π0-style flow-matching policies (LeRobot's
/// <c>create_sinusoidal_pos_embedding</c>): for width <c>dim</c> and <c>half = dim/2</c> periods spaced geometrically
/// from <see cref="MinPeriod"/> to <see cref="MaxPeriod"/> (<c>period_j = min·(max/min)^(j/(half−1))</c>), the row is
/// <c>[sin(t·2π/period_0) … sin(t·2π/period_{half−1}), cos(…) …]</c>: all sines first, then all cosines. The phase is
/// computed in float64 from the fp32 timestep and rounded to fp32 once, as LeRobot does on CPU and CUDA.
/// </summary>
public sealed class TimeEmbedding
{
    private readonly double[] _scale;

    /// <summary>Creates the embedding.</summary>
    /// <exception cref="ArgumentException"><paramref name="dim"/> is odd or below 2, or the periods are not positive.</exception>
    public TimeEmbedding(int dim, double minPeriod, double maxPeriod)
    {
        if (dim < 2 || dim % 2 != 0)
            throw new ArgumentException($"Time embedding width must be even and at least 2, got {dim}.", nameof(dim));
        if (!(minPeriod > 0) || !(maxPeriod > 0))
            throw new ArgumentException($"Time embedding periods must be positive, got min {minPeriod} and max {maxPeriod}.");
        Dim = dim;
        MinPeriod = minPeriod;
        MaxPeriod = maxPeriod;
        int half = dim / 2;
        _scale = new double[half];
        for (int j = 0; j < half; j++)
        {
            double fraction = half == 1 ? 0 : (double)j / (half - 1);
            double period = minPeriod * Math.Pow(maxPeriod / minPeriod, fraction);
            // Same operation order as LeRobot (1/period, then ·2π) so the float64 phase rounds identically.
            _scale[j] = 1.0 / period * 2.0 * Math.PI;
        }
    }

    /// <summary>Width of one embedding row.</summary>
    public int Dim { get; }

    /// <summary>Shortest period (the fastest oscillation).</summary>
    public double MinPeriod { get; }

    /// <summary>Longest period.</summary>
    public double MaxPeriod { get; }

    /// <summary>Writes the <see cref="Dim"/>-wide embedding of timestep <paramref name="t"/> into <paramref name="output"/>.</summary>
    public void Embed(float t, Span<float> output)
    {
        if (output.Length < Dim)
            throw new ArgumentException($"Time embedding output holds {output.Length} values; {Dim} are needed.", nameof(output));
        int half = Dim / 2;
        for (int j = 0; j < half; j++)
        {
            double phase = t * _scale[j];
            output[j] = (float)Math.Sin(phase);
            output[half + j] = (float)Math.Cos(phase);
        }
    }
}
