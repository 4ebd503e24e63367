using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class PinnedDispatcherSpec
{
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
}
