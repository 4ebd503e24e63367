using Fleet.Actors.Arm;

namespace Fleet.Actors.Tests.Arm;

public class TickScheduleTests
{
    [Fact]
    public void Deadline_ManyTicksAt30Fps_HasNoAccumulatedRoundingError()
    {
        // 1/30 s is not a whole number of 100 ns ticks; summing a rounded period would drift.
        var schedule = new TickSchedule(start: 1000, fps: 30, clockFrequency: 10_000_000);
        Assert.Equal(1000 + 10_000_000L * 3600, schedule.Deadline(30 * 3600)); // exactly one hour later
        Assert.Equal(1000 + 333_333, schedule.Deadline(1));
        Assert.Equal(1000 + 666_666, schedule.Deadline(2));
        Assert.Equal(1000 + 10_000_000, schedule.Deadline(30));
    }

    [Fact]
    public void Deadline_FractionalFps_StaysExact()
    {
        var schedule = new TickSchedule(0, 29.97, 1_000_000_000);
        Assert.Equal(1_000_000_000L * 1000, schedule.Deadline(29_970));
    }

    [Fact]
    public void Next_TickFinishedInTime_IsTheFollowingIndexWithoutOverrun()
    {
        var schedule = new TickSchedule(0, 100, 1_000_000); // 10 000 µs period
        var plan = schedule.Next(current: 5, now: 55_000);
        Assert.Equal(new TickPlan(6, 60_000, 0), plan);
    }

    [Fact]
    public void Next_TickRanPastTwoDeadlines_SkipsThemAsOverruns()
    {
        var schedule = new TickSchedule(0, 100, 1_000_000);
        var plan = schedule.Next(current: 5, now: 81_000); // deadlines 60k, 70k, 80k passed
        Assert.Equal(new TickPlan(9, 90_000, 3), plan);
    }

    [Fact]
    public void Next_NowExactlyOnADeadline_RunsThatTick()
    {
        var schedule = new TickSchedule(0, 100, 1_000_000);
        Assert.Equal(new TickPlan(8, 80_000, 2), schedule.Next(5, 80_000));
    }

    [Fact]
    public void TickClock_WithAVirtualClock_RecordsLatenessAndOverruns()
    {
        var time = new VirtualTimeSource(1_000_000);
        var clock = new TickClock(100, time);
        Assert.Equal(0, clock.WaitNext(CancellationToken.None));
        time.Advance(3_000);                       // tick 0 work
        Assert.Equal(1, clock.WaitNext(CancellationToken.None));
        Assert.Equal(10_000, time.Now);            // slept to the absolute deadline
        time.Advance(25_000);                      // tick 1 overran: 20k and 30k passed
        Assert.Equal(4, clock.WaitNext(CancellationToken.None));
        Assert.Equal(40_000, time.Now);

        var snapshot = clock.Metrics.Snapshot();
        Assert.Equal(3, snapshot.Ticks);
        Assert.Equal(2, snapshot.Overruns);
        Assert.Equal(TimeSpan.FromMilliseconds(30), snapshot.PeriodMax);
    }

    [Fact]
    public void TickClock_RealTime_NeverStartsATickBeforeItsDeadline()
    {
        var time = new StopwatchTimeSource();
        var clock = new TickClock(200, time);
        for (int i = 0; i < 10; i++)
        {
            long k = clock.WaitNext(CancellationToken.None);
            Assert.True(time.Now >= clock.Schedule.Deadline(k));
        }
    }

    [Fact]
    public void TickClock_Cancelled_StopsWaiting()
    {
        var clock = new TickClock(0.001, new StopwatchTimeSource()); // next tick in 1000 s
        clock.WaitNext(CancellationToken.None);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => clock.WaitNext(cts.Token));
    }

    private sealed class VirtualTimeSource(long frequency) : ITickTimeSource
    {
        public long Frequency => frequency;
        public long Now { get; private set; }
        public void Advance(long ticks) => Now += ticks;
        public void WaitUntil(long deadline, CancellationToken cancellationToken) => Now = Math.Max(Now, deadline);
    }
}
