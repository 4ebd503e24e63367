using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class PipeToSpec
{
    [Fact]
    public async Task PipeTo_should_turn_a_result_into_a_message_and_a_fault_into_Status_Failure()
    {
        await using var system = ActorSystem.Create("pipe");
        var probe = new TestProbe(system);
        await Task.FromResult(41).PipeTo(probe.Ref, success: r => r + 1);
        Assert.Equal(42, await probe.ExpectMsgAsync<int>());
        await Task.FromException<int>(new IOException("bus gone")).PipeTo(probe.Ref);
        Assert.Equal("bus gone", (await probe.ExpectMsgAsync<Status.Failure>()).Cause.Message);
        await Task.CompletedTask.PipeTo(probe.Ref);
        await probe.ExpectMsgAsync<Status.Success>();
    }

    /// <summary>Forwards to the target, keeping the original sender.</summary>
    private sealed class Middle : ReceiveActor
    {
        public Middle(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    [Fact]
    public async Task Forward_should_keep_the_original_sender()
    {
        await using var system = ActorSystem.Create("forward");
        var probe = new TestProbe(system);
        var echo = system.ActorOf(Props.Create<Echo>(), "echo");
        var middle = system.ActorOf(Props.Create(() => new Middle(echo)));
        probe.Send(middle, "via middle");
        Assert.Equal("via middle", await probe.ExpectMsgAsync<string>());
        Assert.Equal(echo, probe.LastSender); // the echo replied straight to the probe
        Assert.Throws<InvalidOperationException>(() => echo.Forward("outside an actor"));
    }

    [Fact]
    public async Task Reply_to_a_message_without_sender_should_go_to_dead_letters()
    {
        await using var system = ActorSystem.Create("no-sender");
        var probe = new TestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var echo = system.ActorOf(Props.Create<Echo>());
        echo.Tell("anyone?", ActorRefs.NoSender);
        var dead = await probe.ExpectMsgAsync<DeadLetter>();
        Assert.Equal("anyone?", dead.Message);
        Assert.Equal(echo, dead.Sender);
        Assert.Equal("/deadLetters", dead.Recipient.Path.ToString());
    }

    [Fact]
    public async Task TellAsync_to_an_unbounded_mailbox_should_complete_at_once()
    {
        await using var system = ActorSystem.Create("tell-async");
        var probe = new TestProbe(system);
        var echo = system.ActorOf(Props.Create<Echo>());
        var sent = echo.TellAsync("now", probe.Ref);
        Assert.True(sent.IsCompletedSuccessfully);
        Assert.Equal("now", await probe.ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task TestProbe_should_say_what_it_got_when_the_expectation_fails()
    {
        await using var system = ActorSystem.Create("probe");
        var probe = new TestProbe(system);
        probe.Ref.Tell(7, null);
        var error = await Assert.ThrowsAsync<ProbeExpectationException>(() => probe.ExpectMsgAsync<string>());
        Assert.Contains("expected String, got Int32: 7", error.Message);
        await Assert.ThrowsAsync<ProbeExpectationException>(() => probe.ReceiveOneAsync(TimeSpan.FromMilliseconds(20)));
    }
}
