using Fleet.Actors;
using Fleet.Actors.Arm;
using Fleet.Node.Admin;
using Microsoft.Extensions.Logging;

namespace Fleet.Node.Tests.Admin;

/// <summary>
/// What reaches the node's log ring from the actor system (<see cref="EventStreamLog"/>): arm alarms raised and cleared,
/// and every actor failure with the actor, the message it was handling and the exception.
/// </summary>
public sealed class EventStreamLogTests : IAsyncDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("event-log-test");
    private readonly LogRing _ring = new();

    public async ValueTask DisposeAsync() => await _system.Terminate();

    private async Task<LogLine> NextLineAsync(long after)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _ring.WaitAsync(after, timeout.Token);
        return _ring.Since(after)[0];
    }

    [Fact]
    public async Task Attach_AlarmRaisedThenCleared_TwoLinesErrorThenInformation()
    {
        using var log = EventStreamLog.Attach(_system, _ring);

        _system.EventStream.Publish(new ArmAlarm("arm-7", "bus-fault", "servo 3 silent on /dev/ttyACM0", true));
        var raised = await NextLineAsync(0);
        _system.EventStream.Publish(new ArmAlarm("arm-7", "bus-fault", "bus answers again", false));
        var cleared = await NextLineAsync(raised.Sequence);

        Assert.Equal((LogLevel.Error, "Fleet.Arm.arm-7", "ALARM [bus-fault] servo 3 silent on /dev/ttyACM0"), (raised.Level, raised.Category, raised.Message));
        Assert.Equal((LogLevel.Information, "cleared [bus-fault] bus answers again"), (cleared.Level, cleared.Message));
    }

    [Fact]
    public async Task Attach_ActorThrows_ErrorLineNamesActorMessageAndException()
    {
        using var log = EventStreamLog.Attach(_system, _ring);
        var actor = _system.ActorOf(Props.Create(() => new Thrower()), "thrower");

        actor.Tell("boom");
        var line = await NextLineAsync(0);

        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Equal("Fleet.Actors.Thrower", line.Category);
        Assert.Contains("/user/thrower failed handling String: InvalidOperationException: cannot handle 'boom'", line.Message);
    }

    private sealed class Thrower : ReceiveActor
    {
        public Thrower() => Receive<string>(s => throw new InvalidOperationException($"cannot handle '{s}'"));
    }
}
