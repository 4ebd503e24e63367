using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class SupervisionSpec
{
    /// <summary>Counts messages; "boom:&lt;type&gt;" throws that exception type. Reports lifecycle to a probe.</summary>
    private sealed class Worker : ReceiveActor
    {
        private readonly IActorRef _probe;
        private int _count;

        public Worker(IActorRef probe)
        {
            _probe = probe;
            Receive<string>(s => s.StartsWith("boom:", StringComparison.Ordinal), s => throw s[5..] switch
            {
                "arg" => new ArgumentException("bad argument"),
                "io" => new IOException("bus fault"),
                _ => new InvalidOperationException("boom"),
            });
            Receive<string>(s => s == "count", _ => Sender.Tell(_count));
            ReceiveAny(_ => _count++);
        }

        protected override void PreStart() => _probe.Tell("started " + Self.Path.Name, null);

        protected override void PostStop() => _probe.Tell("stopped " + Self.Path.Name, null);

        protected override void PreRestart(Exception reason, object? message)
        {
            _probe.Tell($"pre-restart {Self.Path.Name} {message}", null);
            base.PreRestart(reason, message);
        }
    }

    /// <summary>Creates workers on demand with the given strategy.</summary>
    private sealed class Boss : ReceiveActor
    {
        private readonly SupervisorStrategy _strategy;

        public Boss(SupervisorStrategy strategy, IActorRef probe)
        {
            _strategy = strategy;
            Receive<string>(name => Sender.Tell(Context.ActorOf(Props.Create(() => new Worker(probe)), name)));
        }

        protected override SupervisorStrategy SupervisorStrategy() => _strategy;
    }

    private static async Task<IActorRef> SpawnAsync(IActorRef boss, string name) => await boss.Ask<IActorRef>(name, TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Resume_should_keep_the_state_and_drop_only_the_failing_message()
    {
        await using var system = ActorSystem.Create("resume");
        var probe = new TestProbe(system);
        var boss = system.ActorOf(Props.Create(() => new Boss(new OneForOneStrategy(_ => Directive.Resume), probe.Ref)));
        var worker = await SpawnAsync(boss, "w");
        await probe.ExpectMsgAsync("started w");
        worker.Tell(1, null);
        worker.Tell("boom:x", null);
        worker.Tell(2, null);
        Assert.Equal(2, await worker.Ask<int>("count", TimeSpan.FromSeconds(10)));
        Assert.False(probe.TryReceive(out var extra), $"no restart expected, got {extra}");
    }

    [Fact]
    public async Task Restart_should_make_a_fresh_instance_keep_the_mailbox_and_not_redeliver_the_failing_message()
    {
        await using var system = ActorSystem.Create("restart");
        var probe = new TestProbe(system);
        var boss = system.ActorOf(Props.Create(() => new Boss(new OneForOneStrategy(_ => Directive.Restart), probe.Ref)));
        var worker = await SpawnAsync(boss, "w");
        await probe.ExpectMsgAsync("started w");
        worker.Tell(1, null);
        worker.Tell("boom:x", null);
        worker.Tell(2, null); // queued behind the failure: must survive the restart
        worker.Tell(3, null);
        Assert.Equal(2, await worker.Ask<int>("count", TimeSpan.FromSeconds(10)));
        await probe.ExpectMsgAsync("pre-restart w boom:x");
        await probe.ExpectMsgAsync("stopped w"); // default PreRestart calls PostStop
        await probe.ExpectMsgAsync("started w"); // default PostRestart calls PreStart
        Assert.Equal(1, system.Snapshot().Find(worker.Path.ToString())!.Restarts);
    }

    [Fact]
    public async Task Stop_directive_should_stop_the_child_and_tell_its_watchers()
    {
        await using var system = ActorSystem.Create("stop");
        var probe = new TestProbe(system);
        var boss = system.ActorOf(Props.Create(() => new Boss(new OneForOneStrategy(_ => Directive.Stop), probe.Ref)));
        var worker = await SpawnAsync(boss, "w");
        await probe.ExpectMsgAsync("started w");
        probe.Watch(worker);
        worker.Tell("boom:x", null);
        await probe.ExpectMsgAsync("stopped w");
        Assert.Equal(worker, (await probe.ExpectMsgAsync<Terminated>()).ActorRef);
    }

    [Fact]
    public async Task Decider_should_choose_the_directive_by_exception_type()
    {
        await using var system = ActorSystem.Create("decider");
        var probe = new TestProbe(system);
        var strategy = new OneForOneStrategy(Decider.From(Directive.Restart, Directive.Resume.When<ArgumentException>(), Directive.Stop.When<IOException>()));
        var boss = system.ActorOf(Props.Create(() => new Boss(strategy, probe.Ref)));
        var worker = await SpawnAsync(boss, "w");
        await probe.ExpectMsgAsync("started w");
        probe.Watch(worker);
        worker.Tell(1, null);
        worker.Tell("boom:arg", null); // resume: count survives
        Assert.Equal(1, await worker.Ask<int>("count", TimeSpan.FromSeconds(10)));
        worker.Tell("boom:other", null); // restart: count reset
        Assert.Equal(0, await worker.Ask<int>("count", TimeSpan.FromSeconds(10)));
        await probe.ExpectMsgAsync("pre-restart w boom:other");
        await probe.ExpectMsgAsync("stopped w");
        await probe.ExpectMsgAsync("started w");
        worker.Tell("boom:io", null); // stop
        await probe.ExpectMsgAsync("stopped w");
        await probe.ExpectMsgAsync<Terminated>();
    }

    [Fact]
    public async Task OneForOne_should_stop_a_child_that_exceeds_max_retries_within_the_window()
    {
        var clock = new TestScheduler();
        await using var system = ActorSystem.Create("retries", new ActorSystemSettings { Scheduler = clock });
        var probe = new TestProbe(system);
        var strategy = new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart);
        var boss = system.ActorOf(Props.Create(() => new Boss(strategy, probe.Ref)));
        var worker = await SpawnAsync(boss, "w");
        probe.Watch(worker);
        for (var i = 0; i < 2; i++)
        {
            worker.Tell("boom:x", null);
            Assert.Equal(0, await worker.Ask<int>("count", TimeSpan.FromSeconds(10))); // restarted and alive
        }
        worker.Tell("boom:x", null); // third failure within the minute
        await probe.FishForMessageAsync<Terminated>();
    }

    [Fact]
    public async Task OneForOne_should_allow_more_restarts_once_the_window_has_passed()
    {
        var clock = new TestScheduler();
        await using var system = ActorSystem.Create("window", new ActorSystemSettings { Scheduler = clock });
        var probe = new TestProbe(system);
        var strategy = new OneForOneStrategy(1, TimeSpan.FromSeconds(10), _ => Directive.Restart);
        var boss = system.ActorOf(Props.Create(() => new Boss(strategy, probe.Ref)));
        var worker = await SpawnAsync(boss, "w");
        for (var i = 0; i < 3; i++)
        {
            worker.Tell("boom:x", null);
            Assert.Equal(0, await worker.Ask<int>("count", TimeSpan.FromSeconds(10)));
            clock.Advance(TimeSpan.FromSeconds(11)); // each failure falls in a new window
        }
        Assert.Equal(3, system.Snapshot().Find(worker.Path.ToString())!.Restarts);
    }

    [Fact]
    public async Task AllForOne_should_restart_all_siblings_but_OneForOne_only_the_failed_one()
    {
        await using var system = ActorSystem.Create("all-for-one");
        var probe = new TestProbe(system);
        var boss = system.ActorOf(Props.Create(() => new Boss(new AllForOneStrategy(_ => Directive.Restart), probe.Ref)));
        var a = await SpawnAsync(boss, "a");
        var b = await SpawnAsync(boss, "b");
        b.Tell(1, null);
        Assert.Equal(1, await b.Ask<int>("count", TimeSpan.FromSeconds(10)));
        a.Tell("boom:x", null);
        await Await.ConditionAsync(() => system.Snapshot().Find(b.Path.ToString())?.Restarts == 1, "sibling b restarted");
        Assert.Equal(0, await b.Ask<int>("count", TimeSpan.FromSeconds(10)));

        var boss2 = system.ActorOf(Props.Create(() => new Boss(new OneForOneStrategy(_ => Directive.Restart), probe.Ref)));
        var c = await SpawnAsync(boss2, "c");
        var d = await SpawnAsync(boss2, "d");
        d.Tell(1, null);
        c.Tell("boom:x", null);
        await Await.ConditionAsync(() => system.Snapshot().Find(c.Path.ToString())?.Restarts == 1, "c restarted");
        Assert.Equal(1, await d.Ask<int>("count", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Escalate_should_let_the_grandparent_decide_and_restart_the_whole_subtree()
    {
        await using var system = ActorSystem.Create("escalate");
        var probe = new TestProbe(system);
        var escalating = new OneForOneStrategy(_ => Directive.Escalate);
        var grand = system.ActorOf(Props.Create(() => new Grand(escalating, probe.Ref)), "grand");
        var middle = await grand.Ask<IActorRef>("make", TimeSpan.FromSeconds(10));
        var leaf = await middle.Ask<IActorRef>("leaf", TimeSpan.FromSeconds(10));
        await probe.ExpectMsgAsync("started leaf");
        leaf.Tell("boom:x", null);
        // Grand restarts "middle"; middle's default PreRestart stops leaf.
        await probe.ExpectMsgAsync("stopped leaf");
        await Await.ConditionAsync(() => system.Snapshot().Find(middle.Path.ToString())?.Restarts == 1, "middle restarted");
        Assert.Empty(system.Snapshot().Find(middle.Path.ToString())!.Children);
    }

    private sealed class Grand : ReceiveActor
    {
        public Grand(SupervisorStrategy middleStrategy, IActorRef probe) =>
            Receive<string>(_ => Sender.Tell(Context.ActorOf(Props.Create(() => new Boss(middleStrategy, probe)), "middle")));
    }

    [Fact]
    public async Task Default_strategy_should_stop_an_actor_whose_constructor_throws_and_restart_on_other_exceptions()
    {
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorInitializationException(ActorPathOf("x"), new Exception())));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorKilledException(ActorPathOf("x"))));
        Assert.Equal(Directive.Restart, SupervisorStrategy.DefaultDecider(new InvalidOperationException()));

        await using var system = ActorSystem.Create("init");
        var probe = new TestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(ActorFailed));
        var broken = system.ActorOf(Props.Create<Broken>(), "broken");
        probe.Watch(broken);
        var failed = await probe.ExpectMsgAsync<ActorFailed>();
        Assert.IsType<ActorInitializationException>(failed.Cause);
        Assert.Contains("/user/broken", failed.Cause.Message);
        await probe.ExpectMsgAsync<Terminated>();
    }

    [Fact]
    public async Task Failure_escalated_out_of_the_user_guardian_should_terminate_the_system()
    {
        var system = ActorSystem.Create("escalate-guardian", new ActorSystemSettings { GuardianStrategy = new OneForOneStrategy(_ => Directive.Escalate) });
        var probe = new TestProbe(system);
        var worker = system.ActorOf(Props.Create(() => new Worker(probe.Ref)), "w");
        await probe.ExpectMsgAsync("started w");
        worker.Tell("boom:x", null);
        await system.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
        await probe.ExpectMsgAsync("stopped w");
    }

    [Fact]
    public async Task Kill_should_stop_the_actor_under_the_default_strategy()
    {
        await using var system = ActorSystem.Create("kill");
        var probe = new TestProbe(system);
        var echo = system.ActorOf(Props.Create<Echo>());
        probe.Watch(echo);
        echo.Tell(Kill.Instance, null);
        await probe.ExpectMsgAsync<Terminated>();
    }

    private static ActorPath ActorPathOf(string name)
    {
        var system = ActorSystem.Create("paths");
        var path = system.DeadLetters.Path.Parent!.Child(name);
        _ = system.Terminate();
        return path;
    }

    private sealed class Broken : ReceiveActor
    {
        public Broken() => throw new InvalidOperationException("no config");
    }
}
