using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class DeadLettersSpec
{
    [Fact]
    public async Task Messages_to_a_stopped_actor_should_be_published_as_DeadLetter()
    {
        await using var system = ActorSystem.Create("dead-letters");
        var probe = new TestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var echo = system.ActorOf(Props.Create<Echo>(), "gone");
        probe.Watch(echo);
        echo.Tell(PoisonPill.Instance, null);
        await probe.ExpectMsgAsync<Terminated>();
        echo.Tell("hello?", probe.Ref);
        var dead = await probe.ExpectMsgAsync<DeadLetter>();
        Assert.Equal("hello?", dead.Message);
        Assert.Equal(probe.Ref, dead.Sender);
        Assert.Equal(echo, dead.Recipient);
        Assert.True(system.DeadLetterCount >= 1);
    }

    [Fact]
    public async Task PoisonPill_should_let_earlier_messages_through_and_dead_letter_later_ones()
    {
        await using var system = ActorSystem.Create("poison");
        var probe = new TestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var echo = system.ActorOf(Props.Create<Echo>());
        echo.Tell("before", probe.Ref);
        echo.Tell(PoisonPill.Instance, null);
        echo.Tell("after", probe.Ref);
        Assert.Equal("before", await probe.ExpectMsgAsync<string>());
        Assert.Equal("after", (await probe.ExpectMsgAsync<DeadLetter>()).Message);
    }

    [Fact]
    public async Task EventStream_should_deliver_by_type_including_subtypes_and_stop_after_unsubscribe()
    {
        await using var system = ActorSystem.Create("events");
        var probe = new TestProbe(system);
        Assert.True(system.EventStream.Subscribe(probe.Ref, typeof(Exception)));
        Assert.False(system.EventStream.Subscribe(probe.Ref, typeof(Exception)));
        system.EventStream.Publish("not an exception");
        system.EventStream.Publish(new IOException("disk"));
        Assert.Equal("disk", (await probe.ExpectMsgAsync<IOException>()).Message);
        Assert.True(system.EventStream.Unsubscribe(probe.Ref, typeof(Exception)));
        system.EventStream.Publish(new IOException("again"));
        system.EventStream.Subscribe(probe.Ref, typeof(string));
        system.EventStream.Publish("marker");
        Assert.Equal("marker", await probe.ExpectMsgAsync<string>());
    }
}
