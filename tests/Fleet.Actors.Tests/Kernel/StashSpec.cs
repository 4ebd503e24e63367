using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class StashSpec
{
    /// <summary>Stashes work until "open", then handles it in order; "close" goes back to stashing.</summary>

    private sealed class Gate : ReceiveActor, IWithStash
    {
        public IStash Stash { get; set; } = null!;

        public Gate() => Closed();

        private void Closed()
        {
            Receive<string>(s => s == "open", _ =>
            {
                Stash.UnstashAll();
                Become(Open);
            });
            Receive<int>(_ => Stash.Stash());
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
        }

        private void Open()
        {
            Receive<string>(s => s == "close", _ => Become(Closed));
            Receive<int>(i => Sender.Tell(i));
        }
    }

    [Fact]
    public async Task Stash_should_replay_messages_in_original_order_before_newer_ones()
    {
        await using var system = ActorSystem.Create("stash");
        var probe = new TestProbe(system);
        var gate = system.ActorOf(Props.Create<Gate>());
        for (var i = 0; i < 5; i++) probe.Send(gate, i);
        gate.Tell("open", null);
        probe.Send(gate, 5);
        for (var i = 0; i < 6; i++) Assert.Equal(i, await probe.ExpectMsgAsync<int>());
        gate.Tell("close", null);
        probe.Send(gate, 6);
        gate.Tell("open", null);
        Assert.Equal(6, await probe.ExpectMsgAsync<int>());
    }

    /// <summary>Counts with BecomeStacked / UnbecomeStacked.</summary>

    [Fact]
    public async Task Restart_should_put_stashed_messages_back_into_the_mailbox()
    {
        await using var system = ActorSystem.Create("stash-restart");
        var probe = new TestProbe(system);
        var gate = system.ActorOf(Props.Create<Gate>()); // /user restarts it on InvalidOperationException
        probe.Send(gate, 1);
        probe.Send(gate, 2);
        gate.Tell("boom", null);
        gate.Tell("open", null); // handled by the fresh instance, after the unstashed 1 and 2 were stashed again
        Assert.Equal(1, await probe.ExpectMsgAsync<int>());
        Assert.Equal(2, await probe.ExpectMsgAsync<int>());
        Assert.Equal(1, system.Snapshot().Find(gate.Path.ToString())!.Restarts);
    }
}
