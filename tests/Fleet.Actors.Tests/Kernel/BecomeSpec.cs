using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class BecomeSpec
{
    private sealed class Moody : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case "angry":
                    Context.BecomeStacked(m =>
                    {
                        if (m is "calm") Context.UnbecomeStacked();
                        else Sender.Tell("grr " + m);
                        return true;
                    });
                    break;
                default:
                    Sender.Tell("hello " + message);
                    break;
            }
        }
    }

    [Fact]
    public async Task BecomeStacked_should_switch_behaviour_and_UnbecomeStacked_should_return()
    {
        await using var system = ActorSystem.Create("become");
        var moody = system.ActorOf(Props.Create<Moody>());
        var t = TimeSpan.FromSeconds(10);
        Assert.Equal("hello a", await moody.Ask<string>("a", t));
        moody.Tell("angry", null);
        Assert.Equal("grr b", await moody.Ask<string>("b", t));
        moody.Tell("calm", null);
        Assert.Equal("hello c", await moody.Ask<string>("c", t));
    }
}
