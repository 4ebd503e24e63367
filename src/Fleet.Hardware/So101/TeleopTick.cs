namespace Fleet.Hardware.So101;

/// <summary>What one teleoperation tick did: the leader's action, the follower's observed and sent positions, and the loop rate.</summary>
/// <param name="Index">Tick number from 0.</param>
/// <param name="Action">Leader positions (normalized, motor order).</param>
/// <param name="Observed">Follower positions read this tick.</param>
/// <param name="Sent">Goals sent to the follower after the safety clamp.</param>
/// <param name="AchievedHz">Loop rate over the last second of ticks.</param>
/// <param name="TickDuration">Time the tick's bus work took.</param>
public sealed record TeleopTick(long Index, IReadOnlyList<double> Action, IReadOnlyList<double> Observed, IReadOnlyList<double> Sent, double AchievedHz, TimeSpan TickDuration);
