namespace Fleet.Hardware.Feetech;

/// <summary>Tuning of a <see cref="FeetechBus"/>. Defaults are LeRobot's (research §1.7 and §4).</summary>
/// <param name="LatencyMs">
/// Fixed part of every reply timeout in ms. LeRobot patches the vendor SDK to 50; lowering it makes a missing servo
/// fail faster but risks false timeouts behind USB adapters with latency timers (FTDI defaults to 16 ms).
/// </param>
/// <param name="ReadRetries">Extra tries of a failed read or sync read (LeRobot 0.6.1+: 2). Retries are immediate.</param>
/// <param name="WriteRetries">Extra tries of a failed unicast write (LeRobot: 0).</param>
/// <param name="BroadcastPingTimeout">
/// How long a broadcast ping collects replies. Null uses LeRobot's formula (787 ms at 1 Mbps); shorter is fine for
/// buses known to answer quickly, such as the simulator.
/// </param>
/// <param name="RetryBudget">
/// Deadline for one call, all tries included: no try starts after it and the last try's timeout is cut to fit. Null
/// (LeRobot's behaviour) allows every try its full timeout. A servo tick sets this to the time left in its period.
/// </param>
public sealed record FeetechBusOptions(
    double LatencyMs = 50,
    int ReadRetries = 2,
    int WriteRetries = 0,
    TimeSpan? BroadcastPingTimeout = null,
    TimeSpan? RetryBudget = null)
{
    /// <summary>LeRobot's defaults.</summary>
    public static FeetechBusOptions Default { get; } = new();
}
