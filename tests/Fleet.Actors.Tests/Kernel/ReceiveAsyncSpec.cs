using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class ReceiveAsyncSpec
{
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
}
