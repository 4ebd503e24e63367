using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class LifecycleSpec
{
    [Fact]
    public async Task Creating_and_stopping_10000_actors_should_not_deadlock_or_leak()
    {
        await using var system = ActorSystem.Create("many");
        var probe = new TestProbe(system);
        var parents = Enumerable.Range(0, 10).Select(i => system.ActorOf(Props.Create<Spawner>(), "p" + i)).ToList();
        // Each parent creates 1000 children from its own turn while the test thread also creates top-level actors.
        foreach (var p in parents) p.Tell(1000, probe.Ref);
        var topLevel = Enumerable.Range(0, 1000).Select(_ => system.ActorOf(Props.Create<Echo>())).ToList();
        for (var i = 0; i < parents.Count; i++) await probe.ExpectMsgAsync<string>(timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(10_000, system.Snapshot().DescendantsAndSelf().Count(s => s.Path.StartsWith("/user/p", StringComparison.Ordinal) && s.Path.Count(c => c == '/') == 3));
        foreach (var p in parents) probe.Watch(p);
        foreach (var p in parents) system.Stop(p);
        foreach (var t in topLevel) t.Tell(PoisonPill.Instance, null);
        for (var i = 0; i < parents.Count; i++) await probe.ExpectMsgAsync<Terminated>(timeout: TimeSpan.FromSeconds(60));
        await Await.ConditionAsync(() => system.Snapshot().Find("/user")!.Children.Count == 0, "all top-level actors gone", TimeSpan.FromSeconds(60));
    }

    private sealed class Spawner : ReceiveActor
    {
        public Spawner() => Receive<int>(n =>
        {
            for (var i = 0; i < n; i++) Context.ActorOf(Props.Create<Echo>(), "c" + i);
            Sender.Tell("spawned");
        });
    }

    [Fact]
    public async Task ActorSystem_Terminate_should_stop_every_actor_and_complete()
    {
        var system = ActorSystem.Create("terminate");
        var probe = new TestProbe(system);
        var echo = system.ActorOf(Props.Create<Echo>());
        probe.Watch(echo);
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        await probe.ExpectMsgAsync<Terminated>();
        await system.Terminate(); // idempotent
    }

    [Fact]
    public async Task Child_name_should_stay_taken_until_the_stopping_child_has_terminated()
    {
        await using var system = ActorSystem.Create("names");
        var probe = new TestProbe(system);
        var parent = system.ActorOf(Props.Create(() => new Renamer(probe.Ref)));
        parent.Tell("go", null);
        Assert.Equal("second ok", await probe.ExpectMsgAsync<string>());
    }

    /// <summary>Stops a child and recreates the name after its Terminated.</summary>
    private sealed class Renamer : ReceiveActor
    {
        public Renamer(IActorRef probe)
        {
            Receive<string>(_ =>
            {
                var child = Context.ActorOf(Props.Create<Echo>(), "worker");
                Context.Watch(child);
                Context.Stop(child);
                try
                {
                    Context.ActorOf(Props.Create<Echo>(), "worker");
                    probe.Tell("name reused too early");
                }
                catch (InvalidActorNameException)
                {
                }
            });
            Receive<Terminated>(_ =>
            {
                Context.ActorOf(Props.Create<Echo>(), "worker");
                probe.Tell("second ok");
            });
        }
    }

    [Fact]
    public async Task ReceiveAsync_should_finish_one_message_before_the_next_and_keep_the_context_after_await()
    {
        await using var system = ActorSystem.Create("async");
        var probe = new TestProbe(system);
        var actor = system.ActorOf(Props.Create<Slow>(), "slow");
        for (var i = 0; i < 5; i++) probe.Send(actor, i);
        for (var i = 0; i < 5; i++) Assert.Equal($"done {i} for {probe.Ref.Path} in /user/slow", await probe.ExpectMsgAsync<string>());
    }

    private sealed class Slow : ReceiveActor
    {
        private bool _busy;

        public Slow() => ReceiveAsync<int>(async i =>
        {
            if (_busy) throw new InvalidOperationException("two messages at once");
            _busy = true;
            await Task.Yield();
            await Task.Run(() => Thread.SpinWait(1000));
            _busy = false;
            Sender.Tell($"done {i} for {Sender.Path} in {Self.Path}");
        });
    }

    [Fact]
    public async Task ReceiveAsync_fault_should_go_to_the_supervisor()
    {
        await using var system = ActorSystem.Create("async-fault");
        var probe = new TestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(ActorFailed));
        var actor = system.ActorOf(Props.Create<AsyncThrower>(), "thrower");
        actor.Tell(1, null);
        var failed = await probe.ExpectMsgAsync<ActorFailed>();
        Assert.Equal("async boom", failed.Cause.Message);
        await Await.ConditionAsync(() => system.Snapshot().Find("/user/thrower")?.Restarts == 1, "restarted by /user");
    }

    private sealed class AsyncThrower : ReceiveActor
    {
        public AsyncThrower() => ReceiveAsync<int>(async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("async boom");
        });
    }

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

    [Fact]
    public async Task System_messages_should_overtake_queued_user_messages()
    {
        await using var system = ActorSystem.Create("overtake");
        var probe = new TestProbe(system);
        var gate = new ManualResetEventSlim();
        var blocker = system.ActorOf(Props.Create(() => new Blocker(gate, probe.Ref)));
        probe.Watch(blocker);
        blocker.Tell("block", null);
        await probe.ExpectMsgAsync("blocking");
        for (var i = 0; i < 100; i++) blocker.Tell(i, null); // queued behind the blocked turn
        system.Stop(blocker); // a system message: runs before any of the 100
        gate.Set();
        await probe.ExpectMsgAsync<Terminated>();
        Assert.False(probe.TryReceive(out var m), $"no user message should have been handled, got {m}");
    }

    private sealed class Blocker : ReceiveActor
    {
        public Blocker(ManualResetEventSlim gate, IActorRef probe)
        {
            Receive<string>(_ =>
            {
                probe.Tell("blocking");
                gate.Wait(); // the test releases it once the queue and the stop are in place
            });
            Receive<int>(i => probe.Tell(i));
        }
    }
}
