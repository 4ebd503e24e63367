using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class AskSpec
{
    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }

    private sealed class Failing : ReceiveActor
    {
        public Failing() => ReceiveAny(_ => Sender.Tell(new Status.Failure(new ArgumentException("bad request"))));
    }

    [Fact]
    public async Task Ask_should_return_the_reply()
    {
        await using var system = ActorSystem.Create("ask");
        var echo = system.ActorOf(Props.Create<Echo>());
        Assert.Equal("ping", await echo.Ask<string>("ping", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Ask_should_throw_AskTimeoutException_when_no_reply_comes()
    {
        await using var system = ActorSystem.Create("ask-timeout");
        var silent = system.ActorOf(Props.Create<Silent>(), "silent");
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<string>("anyone?", TimeSpan.FromMilliseconds(50)));
        Assert.Contains("/user/silent", error.Message);
    }

    [Fact]
    public async Task Ask_should_rethrow_the_cause_of_a_Status_Failure_reply()
    {
        await using var system = ActorSystem.Create("ask-failure");
        var failing = system.ActorOf(Props.Create<Failing>());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => failing.Ask<string>("x", TimeSpan.FromSeconds(10)));
        Assert.Equal("bad request", error.Message);
    }

    [Fact]
    public async Task Ask_should_be_cancellable()
    {
        await using var system = ActorSystem.Create("ask-cancel");
        var silent = system.ActorOf(Props.Create<Silent>());
        using var cts = new CancellationTokenSource();
        var ask = silent.Ask<string>("x", Timeout.InfiniteTimeSpan, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public async Task Ask_of_the_wrong_type_should_name_both_types()
    {
        await using var system = ActorSystem.Create("ask-cast");
        var echo = system.ActorOf(Props.Create<Echo>());
        var error = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("text", TimeSpan.FromSeconds(10)));
        Assert.Contains("String", error.Message);
    }
}
