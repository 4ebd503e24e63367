using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class BackoffSupervisorSpec
{
    /// <summary>Reports each start; "stop" stops it, "fail" throws.</summary>
    private sealed class Flaky : ReceiveActor
    {
        private readonly IActorRef _probe;

        public Flaky(IActorRef probe)
        {
            _probe = probe;
            Receive<string>(s => s == "stop", _ => Context.Stop(Self));
            Receive<string>(s => s == "fail", _ => throw new IOException("camera unplugged"));
            Receive<string>(s => Sender.Tell("child got " + s));
        }

        protected override void PreStart() => _probe.Tell("started", null);
    }

    private sealed record Setup(ActorSystem System, TestScheduler Clock, TestProbe Probe, IActorRef Supervisor);

    private static async Task<Setup> StartAsync(string name, Func<Props, BackoffOptions> options)
    {
        var clock = new TestScheduler();
        var system = ActorSystem.Create(name, new ActorSystemSettings { Scheduler = clock });
        var probe = new TestProbe(system);
        var supervisor = system.ActorOf(BackoffSupervisor.Props(options(Props.Create(() => new Flaky(probe.Ref)))), "backoff");
        await probe.ExpectMsgAsync("started");
        return new Setup(system, clock, probe, supervisor);
    }

    /// <summary>Makes the child go away and returns the delay of the re-creation the supervisor then scheduled.</summary>
    private static async Task<TimeSpan> KillChildAndReadDelayAsync(Setup s, string how)
    {
        // A round trip first: the supervisor's previous turn (which may schedule an auto-reset) has finished.
        await s.Supervisor.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance, TimeSpan.FromSeconds(10));
        var before = s.Clock.PendingDueTimes;
        s.Supervisor.Tell(how, null); // forwarded to the child
        await Await.ConditionAsync(() => s.Clock.PendingDueTimes.Count > before.Count, "re-creation scheduled");
        var added = s.Clock.PendingDueTimes.ToList();
        foreach (var t in before) added.Remove(t);
        return added.Single() - s.Clock.MonotonicClock;
    }

    [Fact]
    public async Task BackoffSupervisor_should_double_the_delay_from_min_to_max_within_the_random_factor()
    {
        var s = await StartAsync("backoff", props => BackoffOptions.CreateOnStop(props, "camera", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.2));
        await using var _ = s.System;
        double[] expected = [1, 2, 4, 8, 10, 10];
        var stretched = 0;
        foreach (var baseSeconds in expected)
        {
            var delay = await KillChildAndReadDelayAsync(s, "stop");
            Assert.InRange(delay.TotalSeconds, baseSeconds, baseSeconds * 1.2);
            if (delay.TotalSeconds > baseSeconds) stretched++;
            // Not yet re-created just before the delay ends...
            s.Clock.Advance(delay - TimeSpan.FromMilliseconds(1));
            var child = await s.Supervisor.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance, TimeSpan.FromSeconds(10));
            Assert.Null(child.Ref);
            // ...and re-created when it does.
            s.Clock.Advance(TimeSpan.FromMilliseconds(1));
            await s.Probe.ExpectMsgAsync("started");
        }
        Assert.True(stretched > 0, "the random factor never stretched a delay");
        Assert.Equal("child got hi", await s.Supervisor.Ask<string>("hi", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task BackoffSupervisor_should_reset_the_count_after_a_stable_period()
    {
        var s = await StartAsync("backoff-reset", props => BackoffOptions
            .CreateOnStop(props, "camera", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0)
            .WithAutoReset(TimeSpan.FromSeconds(20)));
        await using var _ = s.System;
        foreach (var expected in new[] { 1.0, 2.0, 4.0 })
        {
            Assert.Equal(expected, (await KillChildAndReadDelayAsync(s, "stop")).TotalSeconds);
            s.Clock.Advance(TimeSpan.FromSeconds(expected));
            await s.Probe.ExpectMsgAsync("started");
        }
        Assert.Equal(3, (await s.Supervisor.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance, TimeSpan.FromSeconds(10))).Count);
        s.Clock.Advance(TimeSpan.FromSeconds(20)); // the child stays up for the reset period
        // The reset message was queued by Advance, so this ask is answered after it.
        Assert.Equal(0, (await s.Supervisor.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance, TimeSpan.FromSeconds(10))).Count);
        Assert.Equal(1.0, (await KillChildAndReadDelayAsync(s, "stop")).TotalSeconds);
    }

    [Fact]
    public async Task OnFailure_should_recreate_after_a_failure_and_stop_when_the_child_stops_itself()
    {
        var s = await StartAsync("backoff-failure", props => BackoffOptions.CreateOnFailure(props, "camera", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8), 0));
        await using var _ = s.System;
        Assert.Equal(2.0, (await KillChildAndReadDelayAsync(s, "fail")).TotalSeconds);
        s.Clock.Advance(TimeSpan.FromSeconds(2));
        await s.Probe.ExpectMsgAsync("started");
        s.Probe.Watch(s.Supervisor);
        s.Supervisor.Tell("stop", null);
        await s.Probe.ExpectMsgAsync<Terminated>();
    }

    [Fact]
    public async Task MaxNrOfRetries_should_stop_the_supervisor_when_exhausted()
    {
        var s = await StartAsync("backoff-max", props => BackoffOptions
            .CreateOnStop(props, "camera", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 0).WithMaxNrOfRetries(1));
        await using var _ = s.System;
        s.Probe.Watch(s.Supervisor);
        await KillChildAndReadDelayAsync(s, "stop");
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        await s.Probe.ExpectMsgAsync("started");
        s.Supervisor.Tell("stop", null);
        await s.Probe.ExpectMsgAsync<Terminated>();
    }

    [Fact]
    public void BackoffOptions_should_reject_nonsense_with_the_parameter_named()
    {
        var props = Props.Create<Echo>();
        Assert.Equal("maxBackoff", Assert.Throws<ArgumentOutOfRangeException>(() => BackoffOptions.CreateOnStop(props, "x", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 0)).ParamName);
        Assert.Equal("randomFactor", Assert.Throws<ArgumentOutOfRangeException>(() => BackoffOptions.CreateOnStop(props, "x", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1.5)).ParamName);
        var options = BackoffOptions.CreateOnStop(props, "x", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30), 0.2);
        Assert.Equal(TimeSpan.FromSeconds(3), options.CalculateDelay(0, 0));
        Assert.Equal(TimeSpan.FromSeconds(24), options.CalculateDelay(3, 0));
        Assert.Equal(TimeSpan.FromSeconds(30), options.CalculateDelay(4, 0));
        Assert.Equal(TimeSpan.FromSeconds(36), options.CalculateDelay(400, 1));
    }
}
