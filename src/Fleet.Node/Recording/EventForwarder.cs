using System.Threading.Channels;
using Fleet.Actors;
using Fleet.Actors.Recording;

namespace Fleet.Node.Recording;

/// <summary>Subscribes to the recorders' <see cref="EpisodeFinished"/> and <see cref="RecordingFailed"/> events and hands them to a channel.</summary>
internal sealed class EventForwarder : ReceiveActor
{
    private EventForwarder(ChannelWriter<object> events)
    {
        Receive<EpisodeFinished>(e => events.TryWrite(e));
        Receive<RecordingFailed>(e => events.TryWrite(e));
    }

    public static Props Props(ChannelWriter<object> events) => Fleet.Actors.Props.Create(() => new EventForwarder(events));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(EpisodeFinished));
        Context.System.EventStream.Subscribe(Self, typeof(RecordingFailed));
    }
}
