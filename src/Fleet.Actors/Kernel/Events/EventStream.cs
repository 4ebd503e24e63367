namespace Fleet.Actors;

/// <summary>
/// Publish/subscribe by message type within one actor system (not across nodes). A subscriber to type T gets every
/// published event that is a T (subtypes included). Dead letters, unhandled messages and actor failures are
/// published here. Subscribers that have stopped are dropped automatically. Thread-safe.
/// </summary>
public sealed class EventStream
{
    private readonly object _gate = new();
    private Subscription[] _subscriptions = [];

    /// <summary>Subscribes <paramref name="subscriber"/> to events of <paramref name="channel"/>; false if it already was.</summary>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            if (_subscriptions.Any(s => s.Subscriber.Equals(subscriber) && s.Channel == channel)) return false;
            _subscriptions = [.. _subscriptions, new Subscription(subscriber, channel)];
            return true;
        }
    }

    /// <summary>Ends one subscription; false if there was none.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type channel)
    {
        lock (_gate)
        {
            var before = _subscriptions.Length;
            _subscriptions = _subscriptions.Where(s => !(s.Subscriber.Equals(subscriber) && s.Channel == channel)).ToArray();
            return _subscriptions.Length != before;
        }
    }

    /// <summary>Ends all subscriptions of <paramref name="subscriber"/>.</summary>
    public void Unsubscribe(IActorRef subscriber)
    {
        lock (_gate) _subscriptions = _subscriptions.Where(s => !s.Subscriber.Equals(subscriber)).ToArray();
    }

    /// <summary>Sends <paramref name="event"/> to every subscriber of a matching type (no sender).</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        var stale = false;
        foreach (var s in Volatile.Read(ref _subscriptions))
        {
            if (!s.Channel.IsAssignableFrom(type)) continue;
            if (s.Subscriber is InternalActorRef { IsTerminated: true })
            {
                stale = true;
                continue;
            }
            s.Subscriber.Tell(@event, null);
        }
        if (stale) RemoveTerminated();
    }

    private void RemoveTerminated()
    {
        lock (_gate) _subscriptions = _subscriptions.Where(s => s.Subscriber is not InternalActorRef { IsTerminated: true }).ToArray();
    }

    private sealed record Subscription(IActorRef Subscriber, Type Channel);
}
