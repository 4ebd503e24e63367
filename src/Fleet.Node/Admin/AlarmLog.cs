using Fleet.Actors;
using Fleet.Actors.Arm;
using Microsoft.Extensions.Logging;

namespace Fleet.Node.Admin;

/// <summary>Copies every <see cref="ArmAlarm"/> of the event stream into the node's <see cref="LogRing"/> while attached.</summary>
internal sealed class AlarmLog : ReceiveActor
{
    private AlarmLog(LogRing ring) =>
        Receive<ArmAlarm>(a => ring.Add(a.Raised ? LogLevel.Error : LogLevel.Information, $"Fleet.Arm.{a.ArmId}",
            $"{(a.Raised ? "ALARM" : "cleared")} [{a.Kind}] {a.Message}"));

    public static IDisposable Attach(ActorSystem system, LogRing ring)
    {
        var actor = system.SystemActorOf(Props.Create(() => new AlarmLog(ring)), "admin-alarm-log");
        system.EventStream.Subscribe(actor, typeof(ArmAlarm));
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
