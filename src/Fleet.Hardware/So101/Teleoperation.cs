using System.Diagnostics;

namespace Fleet.Hardware.So101;

/// <summary>
/// LeRobot's teleoperation loop: every 1/fps, read the follower (observation), read the leader (action), send the
/// action to the follower. Ticks are scheduled from the start time, so a late tick does not shift later ones (no drift);
/// after a stall longer than a period the missed ticks are skipped, never replayed in a burst.
/// </summary>
public static class Teleoperation
{
    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> fires (or <paramref name="maxTicks"/> ticks), calling
    /// <paramref name="onTick"/> after each tick. Returns the number of ticks run. Bus errors propagate; the caller
    /// decides (the CLI disables the follower's torque in its <c>finally</c>).
    /// </summary>
    public static async Task<long> RunAsync(So101Leader leader, So101Follower follower, double fps, Action<TeleopTick>? onTick,
        CancellationToken cancellationToken, long? maxTicks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        var period = TimeSpan.FromSeconds(1 / fps);
        var action = new double[6];
        var observed = new double[6];
        var recent = new Queue<long>();
        var start = Stopwatch.GetTimestamp();
        long tick = 0;
        long missed = 0;
        while (!cancellationToken.IsCancellationRequested && (maxTicks is null || tick < maxTicks))
        {
            var tickStart = Stopwatch.GetTimestamp();
            await follower.ReadPositionsAsync(observed, cancellationToken);
            await leader.GetActionAsync(action, cancellationToken);
            var sent = await follower.SendActionAsync(action, cancellationToken);
            var tickEnd = Stopwatch.GetTimestamp();
            recent.Enqueue(tickEnd);
            while (recent.Count > 1 && Stopwatch.GetElapsedTime(recent.Peek(), tickEnd) > TimeSpan.FromSeconds(1)) recent.Dequeue();
            var hz = recent.Count > 1 ? (recent.Count - 1) / Stopwatch.GetElapsedTime(recent.Peek(), tickEnd).TotalSeconds : 0;
            onTick?.Invoke(new TeleopTick(tick, (double[])action.Clone(), (double[])observed.Clone(), sent.ToArray(), hz, Stopwatch.GetElapsedTime(tickStart, tickEnd)));
            tick++;
            var due = start + (long)((tick + missed) * period.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait < -period)
            {
                // More than a whole period late: skip the missed ticks rather than burst to catch up.
                var behind = (long)(-wait / period);
                missed += behind;
                wait += behind * period;
            }
            if (wait > TimeSpan.Zero)
            {
                try { await Task.Delay(wait, cancellationToken); }
                catch (OperationCanceledException) { break; }
            }
        }
        return tick;
    }
}
