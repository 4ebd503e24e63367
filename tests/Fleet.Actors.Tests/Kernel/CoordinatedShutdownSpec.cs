using System.Collections.Concurrent;
using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class CoordinatedShutdownSpec
{
    [Fact]
    public async Task Run_should_run_phases_in_order_and_terminate_the_system_last()
    {
        var system = ActorSystem.Create("shutdown");
        var probe = new TestProbe(system);
        var actor = system.ActorOf(Props.Create<Echo>());
        probe.Watch(actor);
        var order = new ConcurrentQueue<string>();
        var shutdown = system.CoordinatedShutdown;
        shutdown.AddTask(CoordinatedShutdown.PhaseFlushRecordings, "flush", async _ =>
        {
            await Task.Yield();
            order.Enqueue("flush");
        });
        shutdown.AddTask(CoordinatedShutdown.PhaseHoldArms, "hold", _ =>
        {
            order.Enqueue(system.WhenTerminated.IsCompleted ? "hold after terminate!" : "hold");
            return Task.CompletedTask;
        });
        shutdown.AddTask(CoordinatedShutdown.PhaseStopIntake, "intake", _ =>
        {
            order.Enqueue("intake");
            return Task.CompletedTask;
        });
        var report = await shutdown.Run(new ShutdownReason("test"));
        Assert.Equal(["intake", "hold", "flush"], order);
        Assert.Equal(["stop-intake", "hold-arms", "flush-recordings", "stop-actors"], report.Phases.Select(p => p.Phase));
        Assert.Equal(["terminate-actor-system"], report.Phases[^1].Tasks);
        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        await probe.ExpectMsgAsync<Terminated>();
        Assert.Same(report, await shutdown.Run(ShutdownReason.SigTerm)); // idempotent: the first run's report
        Assert.Equal("test", shutdown.Reason!.Description);
        Assert.Throws<InvalidOperationException>(() => shutdown.AddTask(CoordinatedShutdown.PhaseHoldArms, "late", _ => Task.CompletedTask));
    }

    [Fact]
    public async Task A_phase_that_times_out_should_be_reported_cancelled_and_not_block_later_phases()
    {
        var phases = new[]
        {
            new ShutdownPhase("stop-intake", TimeSpan.FromMilliseconds(200)),
            new ShutdownPhase("hold-arms", TimeSpan.FromSeconds(10)),
        };
        var system = ActorSystem.Create("shutdown-timeout", new ActorSystemSettings { ShutdownPhases = phases });
        var shutdown = system.CoordinatedShutdown;
        var sawCancellation = new TaskCompletionSource();
        shutdown.AddTask("stop-intake", "hung-camera", async token =>
        {
            token.Register(() => sawCancellation.TrySetResult());
            await Task.Delay(Timeout.Infinite, CancellationToken.None); // ignores its token on purpose
        });
        shutdown.AddTask("stop-intake", "broken", _ => throw new IOException("broker gone"));
        var held = false;
        shutdown.AddTask("hold-arms", "hold", _ =>
        {
            held = true;
            return Task.CompletedTask;
        });
        var report = await shutdown.Run(ShutdownReason.Unknown).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["hung-camera"], report.Phases[0].TimedOut);
        Assert.Equal(["broken: broker gone"], report.Phases[0].Failed);
        await sawCancellation.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(held);
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task AddTask_to_an_unknown_phase_should_list_the_known_phases()
    {
        await using var system = ActorSystem.Create("shutdown-phase");
        var error = Assert.Throws<ArgumentException>(() => system.CoordinatedShutdown.AddTask("hold-arm", "x", _ => Task.CompletedTask));
        Assert.Contains("hold-arms", error.Message);
    }
}
