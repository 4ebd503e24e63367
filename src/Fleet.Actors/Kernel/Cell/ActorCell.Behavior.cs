namespace Fleet.Actors;

internal sealed partial class ActorCell
{
    public void Become(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behavior = receive;
    }

    public void BecomeStacked(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        (Extras.BehaviorStack ??= []).Add(_behavior!);
        _behavior = receive;
    }

    public void UnbecomeStacked()
    {
        if (_extras?.BehaviorStack is { Count: > 0 } stack)
        {
            _behavior = stack[^1];
            stack.RemoveAt(stack.Count - 1);
        }
        else if (_actor is { } actor)
        {
            _behavior = actor.Receive;
        }
    }

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A receive timeout must be positive; pass null to switch it off.");
        var extras = Extras;
        extras.ReceiveTimeout = timeout;
        extras.ReceiveTimeoutTask?.Cancel();
        extras.ReceiveTimeoutTask = null;
        if (timeout is { } value) RescheduleReceiveTimeout(value);
    }

    private void RescheduleReceiveTimeout(TimeSpan timeout)
    {
        var extras = Extras;
        extras.ReceiveTimeoutTask?.Cancel();
        var self = Self;
        extras.ReceiveTimeoutTask = System.Scheduler.ScheduleOnce(timeout, () => self.Tell(ReceiveTimeout.Instance, null));
    }

    private void CancelTimersAndReceiveTimeout()
    {
        if (_extras is not { } extras) return;
        extras.Timers?.CancelAll();
        extras.ReceiveTimeoutTask?.Cancel();
        extras.ReceiveTimeoutTask = null;
        extras.ReceiveTimeout = null;
    }
}
