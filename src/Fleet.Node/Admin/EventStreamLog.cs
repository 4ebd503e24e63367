using Fleet.Actors;
using Fleet.Actors.Arm;
using Microsoft.Extensions.Logging;

namespace Fleet.Node.Admin;

/// <summary>
/// Copies the event stream's arm alarms (raised and cleared) and actor failures into the node's <see cref="LogRing"/>
/// while attached, so <c>fleet log tail</c> and <c>/api/logs</c> show them next to the logged lines.
/// </summary>
internal sealed class EventStreamLog : ReceiveActor
{
    private EventStreamLog(LogRing ring)
    {
        Receive<ArmAlarm>(a => ring.Add(a.Raised ? LogLevel.Error : LogLevel.Information, $"Fleet.Arm.{a.ArmId}",
            $"{(a.Raised ? "ALARM" : "cleared")} [{a.Kind}] {a.Message}"));
        // The supervisor decides what happens next (restart, stop, escalate); the line says what failed and on what.
        Receive<ActorFailed>(f => ring.Add(LogLevel.Error, $"Fleet.Actors.{f.ActorType}",
            $"{f.Actor.Path} failed{(f.Message is null ? " in a lifecycle hook" : $" handling {f.Message.GetType().Name}")}: {f.Cause.GetType().Name}: {f.Cause.Message}"));
    }

    /// <summary>Starts copying into <paramref name="ring"/>; dispose the result to stop.</summary>
    public static IDisposable Attach(ActorSystem system, LogRing ring)
    {
        var actor = system.SystemActorOf(Props.Create(() => new EventStreamLog(ring)), "event-stream-log");
        system.EventStream.Subscribe(actor, typeof(ArmAlarm));
        system.EventStream.Subscribe(actor, typeof(ActorFailed));
        return new Detach(system, actor);
    }

    private sealed class Detach(ActorSystem system, IActorRef actor) : IDisposable
    {
        public void Dispose()
        {
            if (system.WhenTerminated.IsCompleted) return;
            system.EventStream.Unsubscribe(actor);
            system.Stop(actor);
        }
    }
}
