using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class ManyActorsSpec
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
}
