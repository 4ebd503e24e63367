using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class ReceiveActorSpec
{
    private sealed class Greeter : ReceiveActor
    {
        public Greeter()
        {
            Receive<string>(s => s.StartsWith("hi", StringComparison.Ordinal), s => Sender.Tell("hello " + s[2..]));
            Receive<string>(s => Sender.Tell("other " + s));
            Receive<int>(i => Sender.Tell(i * 2));
        }
    }

    [Fact]
    public async Task ReceiveActor_should_pick_the_first_matching_handler_in_registration_order()
    {
        await using var system = ActorSystem.Create("receive");
        var probe = new TestProbe(system);
        var greeter = system.ActorOf(Props.Create<Greeter>(), "greeter");
        probe.Send(greeter, "hi bob");
        probe.Send(greeter, "yo");
        probe.Send(greeter, 21);
        Assert.Equal("hello  bob", await probe.ExpectMsgAsync<string>());
        Assert.Equal("other yo", await probe.ExpectMsgAsync<string>());
        Assert.Equal(42, await probe.ExpectMsgAsync<int>());
        Assert.Equal(greeter, probe.LastSender);
    }

    [Fact]
    public async Task ReceiveActor_should_publish_unhandled_messages_on_the_event_stream()
    {
        await using var system = ActorSystem.Create("unhandled");
        var probe = new TestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(UnhandledMessage));
        var greeter = system.ActorOf(Props.Create<Greeter>(), "greeter");
        greeter.Tell(3.5, probe.Ref);
        var unhandled = await probe.ExpectMsgAsync<UnhandledMessage>();
        Assert.Equal(3.5, unhandled.Message);
        Assert.Equal(greeter, unhandled.Recipient);
        Assert.Equal(probe.Ref, unhandled.Sender);
    }

    [Fact]
    public async Task ActorSystem_should_name_paths_hierarchically()
    {
        await using var system = ActorSystem.Create("paths");
        var arms = system.ActorOf(Props.Create<Parent>(), "arms");
        var child = await arms.Ask<IActorRef>("make arm-1", TimeSpan.FromSeconds(10));
        Assert.Equal("/user/arms/arm-1", child.Path.ToString());
        Assert.Equal(["user", "arms", "arm-1"], child.Path.Elements);
        Assert.Throws<InvalidActorNameException>(() => system.ActorOf(Props.Create<Echo>(), "arms"));
        Assert.Throws<InvalidActorNameException>(() => system.ActorOf(Props.Create<Echo>(), "a/b"));
        Assert.Throws<InvalidActorNameException>(() => system.ActorOf(Props.Create<Echo>(), "$x"));
    }

    [Fact]
    public void Actor_created_with_new_should_fail_with_a_clear_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Echo());
        Assert.Contains("ActorOf", error.Message);
    }

    private sealed class Parent : ReceiveActor
    {
        public Parent() => Receive<string>(s => Sender.Tell(Context.ActorOf(Props.Create<Echo>(), s["make ".Length..])));
    }
}
