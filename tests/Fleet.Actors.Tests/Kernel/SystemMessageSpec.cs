using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class SystemMessageSpec
{
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
