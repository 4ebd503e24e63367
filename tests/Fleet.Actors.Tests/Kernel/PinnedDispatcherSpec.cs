using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class PinnedDispatcherSpec
{
    [Fact]
    public async Task PinnedDispatcher_should_run_the_actor_on_its_own_dedicated_thread()
    {
        await using var system = ActorSystem.Create("pinned");
        var pinned = system.ActorOf(Props.Create<ThreadReporter>().WithDispatcher(Dispatchers.PinnedDispatcherId), "servo");
        var t = TimeSpan.FromSeconds(10);
        var first = await pinned.Ask<(int Id, string? Name, bool Pool)>("which", t);
        for (var i = 0; i < 20; i++) Assert.Equal(first, await pinned.Ask<(int, string?, bool)>("which", t));
        Assert.Equal("fleet-pinned /user/servo", first.Name);
        Assert.False(first.Pool);
        Assert.Equal(Dispatchers.PinnedDispatcherId, system.Snapshot().Find("/user/servo")!.Dispatcher);
    }

    private sealed class ThreadReporter : ReceiveActor
    {
        public ThreadReporter() => ReceiveAny(_ => Sender.Tell((Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread)));
    }

    /// <summary>A servo-loop shape: a periodic timer on a pinned thread, reporting when each tick ran.</summary>
    private sealed class Loop : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public Loop(IActorRef probe, int ticks)
        {
            var start = Context.System.Scheduler.MonotonicClock;
            var count = 0;
            Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromMilliseconds(5));
            Receive<string>(_ =>
            {
                probe.Tell((++count, Context.System.Scheduler.MonotonicClock - start, Thread.CurrentThread.Name));
                if (count == ticks) Timers.Cancel("tick");
            });
        }
    }

    [Fact]
    public async Task Pinned_actor_with_a_periodic_timer_should_tick_at_fixed_rate_on_its_own_thread()
    {
        await using var system = ActorSystem.Create("servo-loop");
        var probe = new TestProbe(system);
        system.ActorOf(Props.Create(() => new Loop(probe.Ref, 40)).WithDispatcher(Dispatchers.PinnedDispatcherId), "servo");
        for (var n = 1; n <= 40; n++)
        {
            var (count, at, thread) = await probe.ExpectMsgAsync<(int, TimeSpan, string?)>();
            Assert.Equal(n, count);
            Assert.Equal("fleet-pinned /user/servo", thread);
            // Never early: the n-th tick is due n intervals after the start, however late earlier ticks ran.
            Assert.True(at >= TimeSpan.FromMilliseconds(5 * n), $"tick {n} ran at {at.TotalMilliseconds} ms");
        }
    }
}
