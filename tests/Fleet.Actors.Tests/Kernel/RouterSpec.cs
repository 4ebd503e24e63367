using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class RouterSpec
{
    /// <summary>Replies with its own name; "block" holds its turn until the gate opens; "boom" throws.</summary>
    private sealed class Named : ReceiveActor
    {
        public Named(ManualResetEventSlim? gate)
        {
            Receive<string>(s => s == "block", _ =>
            {
                Sender.Tell("blocking " + Self.Path.Name);
                gate?.Wait();
            });
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("routee failed"));
            ReceiveAny(m => Sender.Tell((Self.Path.Name, m)));
        }
    }

    private static Props Routee(ManualResetEventSlim? gate = null) => Props.Create(() => new Named(gate));

    private static async Task<List<string>> NamesAsync(TestProbe probe, int count)
    {
        var names = new List<string>();
        for (var i = 0; i < count; i++) names.Add((await probe.ExpectMsgAsync<(string Name, object Message)>()).Name);
        return names;
    }

    [Fact]
    public async Task RoundRobinPool_should_cycle_through_its_routees()
    {
        await using var system = ActorSystem.Create("round-robin");
        var probe = new TestProbe(system);
        var router = system.ActorOf(Routee().WithRouter(new RoundRobinPool(3)), "workers");
        for (var i = 0; i < 6; i++) probe.Send(router, i);
        var got = new List<(string Name, object Message)>();
        for (var i = 0; i < 6; i++) got.Add(await probe.ExpectMsgAsync<(string, object)>());
        // Message i and i + 3 went to the same routee, and the three routees are distinct.
        var byMessage = got.ToDictionary(g => (int)g.Message, g => g.Name);
        Assert.Equal(3, byMessage.Values.Distinct().Count());
        for (var i = 0; i < 3; i++) Assert.Equal(byMessage[i], byMessage[i + 3]);
        var routees = await router.Ask<Routees>(GetRoutees.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(3, routees.Members.Count);
        Assert.All(routees.Members, r => Assert.StartsWith("/user/workers/$", r.Path.ToString()));
        Assert.Equal("RoundRobinPool<Named>", system.Snapshot().Find("/user/workers")!.ActorType);
    }

    [Fact]
    public async Task BroadcastPool_and_Broadcast_message_should_reach_every_routee()
    {
        await using var system = ActorSystem.Create("broadcast");
        var probe = new TestProbe(system);
        var all = system.ActorOf(Routee().WithRouter(new BroadcastPool(4)));
        probe.Send(all, "hello");
        Assert.Equal(4, (await NamesAsync(probe, 4)).Distinct().Count());
        var rr = system.ActorOf(Routee().WithRouter(new RoundRobinPool(3)));
        probe.Send(rr, new Broadcast("everyone"));
        Assert.Equal(3, (await NamesAsync(probe, 3)).Distinct().Count());
    }

    [Fact]
    public async Task SmallestMailboxPool_should_prefer_an_idle_routee_over_a_busy_one()
    {
        await using var system = ActorSystem.Create("smallest");
        var probe = new TestProbe(system);
        var gate = new ManualResetEventSlim();
        var router = system.ActorOf(Routee(gate).WithRouter(new SmallestMailboxPool(2)));
        probe.Send(router, "block");
        var busy = (await probe.ExpectMsgAsync<string>()).Split(' ')[1];
        probe.Send(router, "work");
        var (name, _) = await probe.ExpectMsgAsync<(string, object)>();
        Assert.NotEqual(busy, name);
        gate.Set();
    }

    private sealed record Job(string Arm, int N) : IConsistentHashable
    {
        public object ConsistentHashKey => Arm;
    }

    [Fact]
    public async Task ConsistentHashingPool_should_send_equal_keys_to_the_same_routee()
    {
        await using var system = ActorSystem.Create("hashing");
        var probe = new TestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var router = system.ActorOf(Routee().WithRouter(new ConsistentHashingPool(4)));
        var owner = new Dictionary<string, string>();
        for (var round = 0; round < 3; round++)
        {
            for (var arm = 0; arm < 20; arm++)
            {
                probe.Send(router, round % 2 == 0 ? new Job("arm-" + arm, round) : new ConsistentHashableEnvelope(("payload", arm), "arm-" + arm));
                var (name, message) = await probe.ExpectMsgAsync<(string, object)>();
                if (round == 1) Assert.Equal(("payload", arm), message); // the envelope is unwrapped
                var key = "arm-" + arm;
                if (owner.TryGetValue(key, out var first)) Assert.Equal(first, name);
                else owner[key] = name;
            }
        }
        Assert.True(owner.Values.Distinct().Count() > 1, "20 keys all landed on one routee");
        probe.Send(router, 3.14); // no key anywhere
        Assert.Contains("no hash key", (await probe.ExpectMsgAsync<DeadLetter>()).Reason);
    }

    [Fact]
    public async Task Pool_should_escalate_a_routee_failure_so_the_parent_restarts_all_routees()
    {
        await using var system = ActorSystem.Create("escalating-pool");
        var router = system.ActorOf(Routee().WithRouter(new RoundRobinPool(2)), "pool");
        var before = await router.Ask<Routees>(GetRoutees.Instance, TimeSpan.FromSeconds(10));
        router.Tell("boom", null); // /user's default strategy restarts the router
        await Await.ConditionAsync(() => system.Snapshot().Find("/user/pool")?.Restarts == 1, "router restarted");
        var after = await router.Ask<Routees>(GetRoutees.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(2, after.Members.Count);
        Assert.Empty(before.Members.Intersect(after.Members));
    }

    [Fact]
    public async Task Router_should_stop_when_its_last_routee_stops()
    {
        await using var system = ActorSystem.Create("routees-gone");
        var probe = new TestProbe(system);
        var router = system.ActorOf(Routee().WithRouter(new BroadcastPool(3)));
        probe.Watch(router);
        router.Tell(new Broadcast(PoisonPill.Instance), null);
        await probe.ExpectMsgAsync<Terminated>();
    }
}
