using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

/// <summary>Replies to every message with the message itself.</summary>
internal sealed class Echo : ReceiveActor
{
    public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
}
