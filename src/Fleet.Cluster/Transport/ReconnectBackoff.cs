namespace Fleet.Cluster.Transport;

/// <summary>
/// The pause before each attempt to reach the broker: <c>min(MaxBackoff, MinBackoff · 2^(attempt-1))</c>, varied by
/// ±<see cref="RandomFactor"/> so that many nodes that lost a broker together do not retry in step. Binds HOCON
/// <c>fleet.cluster.reconnect</c>.
/// </summary>
/// <param name="MinBackoff">The first pause. Short recovers fast after a blip; long spares a struggling broker.</param>
/// <param name="MaxBackoff">The cap: a node never waits longer than this (plus jitter) between attempts.</param>
/// <param name="RandomFactor">Jitter, 0..1: each pause is multiplied by a uniform factor in [1-f, 1+f].</param>
public sealed record ReconnectBackoff(TimeSpan MinBackoff, TimeSpan MaxBackoff, double RandomFactor)
{
    /// <summary>200 ms doubling to 10 s, ±20 %.</summary>
    public static ReconnectBackoff Default { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2);

    /// <summary>The pause before attempt <paramref name="attempt"/> (1 = the first retry).</summary>
    /// <param name="attempt">1-based attempt number; values below 1 count as 1.</param>
    /// <param name="random">Source of the jitter; null: <see cref="Random.Shared"/>.</param>
    public TimeSpan Delay(int attempt, Random? random = null)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ticks = Math.Min(MaxBackoff.Ticks, MinBackoff.Ticks * (double)(1L << exponent));
        var jitter = 1 + RandomFactor * (2 * (random ?? Random.Shared).NextDouble() - 1);
        return TimeSpan.FromTicks(Math.Max(0, (long)(ticks * jitter)));
    }
}
