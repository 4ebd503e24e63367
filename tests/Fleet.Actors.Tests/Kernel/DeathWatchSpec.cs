using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class DeathWatchSpec
{
    /// <summary>Watches on request and reports every Terminated it gets to the probe.</summary>
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef probe)
        {
            Receive<(string Verb, IActorRef Target)>(m =>
            {
                if (m.Verb == "watch") Context.Watch(m.Target);
                else Context.Unwatch(m.Target);
                Sender.Tell("ok");
            });
            Receive<Terminated>(t => probe.Tell(t, Self));
        }
    }

    [Fact]
    public async Task Watch_should_deliver_exactly_one_Terminated_even_when_watched_twice()
    {
        await using var system = ActorSystem.Create("watch");
        var probe = new TestProbe(system);
        var watcher = system.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        var target = system.ActorOf(Props.Create<Echo>(), "target");
        await watcher.Ask<string>(("watch", target), TimeSpan.FromSeconds(10));
        await watcher.Ask<string>(("watch", target), TimeSpan.FromSeconds(10));
        target.Tell(PoisonPill.Instance, null);
        Assert.Equal(target, (await probe.ExpectMsgAsync<Terminated>()).ActorRef);
        // A second watch after death yields one more (it is a new watch), never a duplicate of the first.
        await watcher.Ask<string>(("watch", target), TimeSpan.FromSeconds(10));
        Assert.Equal(target, (await probe.ExpectMsgAsync<Terminated>()).ActorRef);
        var marker = system.ActorOf(Props.Create<Echo>());
        await watcher.Ask<string>(("watch", marker), TimeSpan.FromSeconds(10));
        marker.Tell(PoisonPill.Instance, null);
        Assert.Equal(marker, (await probe.ExpectMsgAsync<Terminated>()).ActorRef); // nothing else came in between
    }

    [Fact]
    public async Task Watch_of_an_already_dead_actor_should_deliver_Terminated()
    {
        await using var system = ActorSystem.Create("watch-dead");
        var probe = new TestProbe(system);
        var target = system.ActorOf(Props.Create<Echo>());
        probe.Watch(target);
        system.Stop(target);
        await probe.ExpectMsgAsync<Terminated>();
        var watcher = system.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        await watcher.Ask<string>(("watch", target), TimeSpan.FromSeconds(10));
        Assert.Equal(target, (await probe.ExpectMsgAsync<Terminated>()).ActorRef);
    }

    [Fact]
    public async Task Unwatch_should_suppress_the_Terminated()
    {
        await using var system = ActorSystem.Create("unwatch");
        var probe = new TestProbe(system);
        var watcher = system.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        var a = system.ActorOf(Props.Create<Echo>());
        var b = system.ActorOf(Props.Create<Echo>());
        await watcher.Ask<string>(("watch", a), TimeSpan.FromSeconds(10));
        await watcher.Ask<string>(("unwatch", a), TimeSpan.FromSeconds(10));
        await watcher.Ask<string>(("watch", b), TimeSpan.FromSeconds(10));
        a.Tell(PoisonPill.Instance, null);
        var probeWatch = new TestProbe(system);
        probeWatch.Watch(a);
        await probeWatch.ExpectMsgAsync<Terminated>(); // a is surely dead now
        b.Tell(PoisonPill.Instance, null);
        Assert.Equal(b, (await probe.ExpectMsgAsync<Terminated>()).ActorRef); // and not a
    }

    [Fact]
    public async Task Unhandled_Terminated_should_stop_the_watcher_with_DeathPactException()
    {
        await using var system = ActorSystem.Create("death-pact");
        var probe = new TestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(ActorFailed));
        var target = system.ActorOf(Props.Create<Echo>());
        var pact = system.ActorOf(Props.Create(() => new Pact(target)));
        probe.Watch(pact);
        await pact.Ask<string>("ready?", TimeSpan.FromSeconds(10));
        system.Stop(target);
        Assert.IsType<DeathPactException>((await probe.ExpectMsgAsync<ActorFailed>()).Cause);
        await probe.ExpectMsgAsync<Terminated>();
    }

    private sealed class Pact : ReceiveActor
    {
        public Pact(IActorRef target)
        {
            Context.Watch(target);
            Receive<string>(_ => Sender.Tell("yes"));
        }
    }

    [Fact]
    public async Task Stopping_a_parent_should_stop_children_first_and_run_PostStop_once()
    {
        await using var system = ActorSystem.Create("stop-tree");
        var probe = new TestProbe(system);
        var parent = system.ActorOf(Props.Create(() => new Tree(probe.Ref, 2)), "root");
        await probe.ExpectMsgAsync("started /user/root");
        await probe.ExpectMsgAsync<string>(s => s.StartsWith("started"));
        await probe.ExpectMsgAsync<string>(s => s.StartsWith("started"));
        probe.Watch(parent);
        system.Stop(parent);
        var stops = new List<string>();
        for (var i = 0; i < 3; i++) stops.Add(await probe.ExpectMsgAsync<string>());
        Assert.Equal("stopped /user/root", stops[^1]);
        Assert.Equal(2, stops.Count(s => s.StartsWith("stopped /user/root/", StringComparison.Ordinal)));
        await probe.ExpectMsgAsync<Terminated>();
        Assert.DoesNotContain(system.Snapshot().DescendantsAndSelf(), s => s.Path.StartsWith("/user/root", StringComparison.Ordinal));
    }

    private sealed class Tree : ReceiveActor
    {
        private readonly IActorRef _probe;

        public Tree(IActorRef probe, int children)
        {
            _probe = probe;
            for (var i = 0; i < children; i++) Context.ActorOf(Props.Create(() => new Tree(probe, 0)), "c" + i);
            ReceiveAny(_ => { });
        }

        protected override void PreStart() => _probe.Tell("started " + Self.Path, null);

        protected override void PostStop() => _probe.Tell("stopped " + Self.Path, null);
    }
}
