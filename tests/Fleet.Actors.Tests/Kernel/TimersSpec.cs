using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class TimersSpec
{
    private sealed class Ticker : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public Ticker(IActorRef probe)
        {
            Receive<string>(s => s == "periodic", _ => Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromMilliseconds(100)));
            Receive<string>(s => s == "single", _ => Timers.StartSingleTimer("once", "once", TimeSpan.FromSeconds(1)));
            Receive<string>(s => s == "cancel", _ => Timers.Cancel("tick"));
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("restart me"));
            Receive<string>(s => s == "active?", _ => Sender.Tell(Timers.IsTimerActive("tick")));
            Receive<string>(s => probe.Tell(s + "@" + Context.System.Scheduler.MonotonicClock.TotalMilliseconds));
        }
    }

    private static async Task<(ActorSystem, TestScheduler, TestProbe, IActorRef)> StartAsync(string name)
    {
        var clock = new TestScheduler();
        var system = ActorSystem.Create(name, new ActorSystemSettings { Scheduler = clock });
        var probe = new TestProbe(system);
        var ticker = system.ActorOf(Props.Create(() => new Ticker(probe.Ref)), "ticker");
        await ticker.Ask<bool>("active?", TimeSpan.FromSeconds(10));
        return (system, clock, probe, ticker);
    }

    private static async Task SettleAsync(IActorRef actor) => await actor.Ask<bool>("active?", TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Periodic_timer_should_fire_at_fixed_rate_on_the_virtual_clock()
    {
        var (system, clock, probe, ticker) = await StartAsync("periodic");
        await using var _ = system;
        ticker.Tell("periodic", null);
        await SettleAsync(ticker);
        clock.Advance(TimeSpan.FromMilliseconds(350));
        ticker.Tell("marker", null);
        // Fixed rate: due at 100, 200, 300 from the start, whatever the handling delays; then the marker.
        for (var i = 0; i < 3; i++) Assert.StartsWith("tick@", await probe.ExpectMsgAsync<string>());
        Assert.Equal("marker@350", await probe.ExpectMsgAsync<string>());
        Assert.Equal([TimeSpan.FromMilliseconds(400)], clock.PendingDueTimes);
        clock.Advance(TimeSpan.FromMilliseconds(1000 - 350));
        Assert.Equal(TimeSpan.FromMilliseconds(1100), clock.PendingDueTimes.Single()); // no drift after 10 periods
    }

    [Fact]
    public async Task Single_timer_should_fire_once_and_then_be_inactive()
    {
        var (system, clock, probe, ticker) = await StartAsync("single");
        await using var _ = system;
        ticker.Tell("single", null);
        await SettleAsync(ticker);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Single(clock.PendingDueTimes);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("once@1000", await probe.ExpectMsgAsync<string>());
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(clock.PendingDueTimes);
    }

    [Fact]
    public async Task Cancelled_timer_should_not_deliver_even_a_tick_already_queued()
    {
        var (system, clock, probe, ticker) = await StartAsync("cancel");
        await using var _ = system;
        ticker.Tell("periodic", null);
        await SettleAsync(ticker);
        // The tick is queued by Advance and the cancel right behind it... but "cancel" is sent first here:
        ticker.Tell("cancel", null);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        ticker.Tell("marker", null);
        Assert.Equal("marker@100", await probe.ExpectMsgAsync<string>());
        Assert.False(await ticker.Ask<bool>("active?", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Timers_should_be_cancelled_by_a_restart()
    {
        var (system, clock, probe, ticker) = await StartAsync("restart");
        await using var _ = system;
        ticker.Tell("periodic", null);
        ticker.Tell("boom", null);
        await Await.ConditionAsync(() => system.Snapshot().Find("/user/ticker")?.Restarts == 1, "ticker restarted");
        Assert.False(await ticker.Ask<bool>("active?", TimeSpan.FromSeconds(10)));
        clock.Advance(TimeSpan.FromSeconds(1));
        ticker.Tell("marker", null);
        Assert.Equal("marker@1000", await probe.ExpectMsgAsync<string>());
        Assert.Empty(clock.PendingDueTimes);
    }

    [Fact]
    public async Task Timers_should_be_cancelled_when_the_actor_stops()
    {
        var (system, clock, probe, ticker) = await StartAsync("stop");
        await using var _ = system;
        ticker.Tell("periodic", null);
        await SettleAsync(ticker);
        probe.Watch(ticker);
        system.Stop(ticker);
        await probe.ExpectMsgAsync<Terminated>();
        Assert.Empty(clock.PendingDueTimes);
    }

    [Fact]
    public async Task DedicatedThreadScheduler_should_run_periodic_work_at_fixed_rate()
    {
        using var scheduler = new DedicatedThreadScheduler();
        var fired = new List<TimeSpan>();
        var done = new TaskCompletionSource();
        var start = scheduler.MonotonicClock;
        var work = scheduler.ScheduleRepeatedly(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), () =>
        {
            lock (fired)
            {
                fired.Add(scheduler.MonotonicClock - start);
                if (fired.Count == 20) done.TrySetResult();
            }
        });
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        work.Cancel();
        // The n-th run is never early: due times come from the start, not from the previous run.
        lock (fired)
        {
            for (var i = 0; i < 20; i++) Assert.True(fired[i] >= TimeSpan.FromMilliseconds(10 * (i + 1)), $"run {i} at {fired[i]}");
        }
    }

    [Fact]
    public void DedicatedThreadScheduler_should_drop_cancelled_entries_instead_of_keeping_them_until_due()
    {
        using var scheduler = new DedicatedThreadScheduler();
        // What a busy actor with a receive timeout does: re-arm (cancel + schedule) on every message.
        ICancelable? previous = null;
        for (var i = 0; i < 100_000; i++)
        {
            previous?.Cancel();
            previous = scheduler.ScheduleOnce(TimeSpan.FromHours(1), () => { });
        }
        Assert.InRange(scheduler.QueuedCount, 1, 4096);
    }

    [Fact]
    public async Task ReceiveTimeout_should_arrive_after_an_idle_period_on_the_virtual_clock()
    {
        var clock = new TestScheduler();
        await using var system = ActorSystem.Create("receive-timeout", new ActorSystemSettings { Scheduler = clock });
        var probe = new TestProbe(system);
        var idle = system.ActorOf(Props.Create(() => new Idle(probe.Ref)));
        await idle.Ask<string>("ping", TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(4));
        await idle.Ask<string>("ping", TimeSpan.FromSeconds(10)); // resets the idle period
        clock.Advance(TimeSpan.FromSeconds(4));
        idle.Tell("marker", null);
        Assert.Equal("marker", await probe.ExpectMsgAsync<string>());
        clock.Advance(TimeSpan.FromSeconds(5));
        await probe.ExpectMsgAsync<ReceiveTimeout>();
    }

    private sealed class Idle : ReceiveActor
    {
        public Idle(IActorRef probe)
        {
            Context.SetReceiveTimeout(TimeSpan.FromSeconds(5));
            Receive<string>(s => s == "ping", _ => Sender.Tell("pong"));
            Receive<string>(s => probe.Tell(s));
            Receive<ReceiveTimeout>(t => probe.Tell(t));
        }
    }
}
