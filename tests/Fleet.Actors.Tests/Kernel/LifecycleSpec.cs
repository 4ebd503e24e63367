using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class LifecycleSpec
{
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
}
