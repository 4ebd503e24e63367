using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class SnapshotSpec
{
    private sealed class Arm : ReceiveActor
    {
        public Arm(ManualResetEventSlim gate)
        {
            Context.ActorOf(Props.Create<Echo>(), "camera");
            Context.ActorOf(Props.Create<Echo>().WithMailbox(MailboxOptions.Bounded(4, MailboxOverflow.DropOldest)), "servo");
            Receive<string>(s => s == "fail", _ => throw new TimeoutException("servo 3 did not answer"));
            Receive<string>(s => s == "block", _ => gate.Wait());
            Receive<int>(_ => { });
        }
    }

    [Fact]
    public async Task Snapshot_should_show_paths_types_depth_counters_restarts_and_last_failure()
    {
        var clock = new TestScheduler(new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero));
        await using var system = ActorSystem.Create("snapshot", new ActorSystemSettings { Scheduler = clock });
        var gate = new ManualResetEventSlim();
        var arm = system.ActorOf(Props.Create(() => new Arm(gate)), "arm-1");
        for (var i = 0; i < 10; i++) arm.Tell(i, null);
        clock.Advance(TimeSpan.FromSeconds(90));
        arm.Tell("fail", null);
        await Await.ConditionAsync(() => system.Snapshot().Find("/user/arm-1")?.Restarts == 1, "arm restarted");
        arm.Tell("block", null);
        for (var i = 0; i < 5; i++) arm.Tell(i, null);
        await Await.ConditionAsync(() => system.Snapshot().Find("/user/arm-1")?.MailboxDepth == 5, "5 messages queued behind the blocked turn");

        var root = system.Snapshot();
        Assert.Equal("/", root.Path);
        Assert.Equal(["/user", "/system"], root.Children.Select(c => c.Path).Order(StringComparer.Ordinal).Reverse());
        var node = root.Find("/user/arm-1")!;
        Assert.Equal("Arm", node.ActorType);
        Assert.Equal(11, node.MessagesProcessed); // 10 ints + "fail"; "block" is still running
        Assert.Equal(1, node.Restarts);
        Assert.Equal(typeof(TimeoutException).FullName, node.LastFailure!.ExceptionType);
        Assert.Equal("servo 3 did not answer", node.LastFailure.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 6, 1, 30, TimeSpan.Zero), node.LastFailure.At);
        Assert.Equal(["/user/arm-1/camera", "/user/arm-1/servo"], node.Children.Select(c => c.Path));
        Assert.All(node.Children, c => Assert.Equal("Echo", c.ActorType));
        Assert.Equal(Dispatchers.DefaultDispatcherId, node.Dispatcher);
        Assert.Null(system.Snapshot(system.DeadLetters));
        gate.Set();
    }
}
