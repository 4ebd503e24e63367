using Fleet.Actors;
using Fleet.Actors.Arm;

namespace Fleet.Node.Cli;

/// <summary>Writes every <see cref="ArmAlarm"/> of the event stream to stderr while attached.</summary>
internal sealed class AlarmPrinter : ReceiveActor
{
    private AlarmPrinter() =>
        Receive<ArmAlarm>(a => Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} fleet: {(a.Raised ? "ALARM" : "cleared")} [{a.Kind}] {a.Message}"));

    public static IDisposable Attach(ActorSystem system)
    {
        var printer = system.SystemActorOf(Props.Create(() => new AlarmPrinter()), "alarm-printer");
        system.EventStream.Subscribe(printer, typeof(ArmAlarm));
        return new Detach(system, printer);
    }

    private sealed class Detach(ActorSystem system, IActorRef printer) : IDisposable
    {
        public void Dispose()
        {
            if (system.WhenTerminated.IsCompleted) return;
            system.EventStream.Unsubscribe(printer);
            system.Stop(printer);
        }
    }
}
