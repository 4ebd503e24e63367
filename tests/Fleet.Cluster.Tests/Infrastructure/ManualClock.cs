namespace Fleet.Cluster.Tests.Infrastructure;

/// <summary>A clock that moves only when the test says so.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks;
    private readonly DateTimeOffset _start = new(2026, 11, 21, 7, 0, 0, TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => _start.AddTicks(Interlocked.Read(ref _ticks));

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
}
