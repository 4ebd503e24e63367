using Fleet.Actors.Arm;

namespace Fleet.Actors.Fleets;

/// <summary>
/// The root of a node's arms (/user/fleet): starts one <see cref="ArmSupervisor"/> per arm, answers status queries
/// (<see cref="GetArmStatus"/>, <see cref="GetFleetStatus"/>), and holds or releases every arm on request (shutdown).
/// </summary>
/// <remarks>
/// Every arm is isolated: a failure inside one arm that reaches this supervisor stops that arm only (one-for-one);
/// its last status stays answerable as <see cref="ArmState.Faulted"/>.
/// </remarks>
public sealed class FleetSupervisor : ReceiveActor
{
    private readonly IReadOnlyList<ArmSettings> _arms;
    private readonly IActorRef _pool;
    private readonly Dictionary<string, IActorRef> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ArmStatus> _lastKnown = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _faults = new(StringComparer.Ordinal);

    private FleetSupervisor(IReadOnlyList<ArmSettings> arms, IActorRef pool)
    {
        _arms = arms;
        _pool = pool;
        ReceiveAsync<GetArmStatus>(HandleGetArmStatusAsync);
        ReceiveAsync<GetFleetStatus>(HandleGetFleetStatusAsync);
        ReceiveAsync<HoldArm>(_ => BroadcastAsync<ArmHeld>(new HoldArm()));
        ReceiveAsync<ReleaseArm>(m => BroadcastAsync<ArmReleased>(m));
        Receive<StopArm>(m => ForwardToArm(m.ArmId, new HoldArm()));
        Receive<ResumeArm>(m => ForwardToArm(m.ArmId, m));
        Receive<GetArmFrames>(m => ForwardToArm(m.ArmId, m));
        Receive<ArmFaulted>(f => _faults[f.ArmId] = f.Reason);
        Receive<Terminated>(HandleTerminated);
    }

    /// <summary>Props for a fleet of <paramref name="arms"/> fed by <paramref name="pool"/>.</summary>
    /// <param name="arms">The arms, with unique ids.</param>
    /// <param name="pool">The policy pool.</param>
    public static Props Props(IReadOnlyList<ArmSettings> arms, IActorRef pool)
    {
        var duplicate = arms.GroupBy(a => a.ArmId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two arms have the id '{duplicate.Key}'; arm ids must be unique on a node.", nameof(arms));
        return Fleet.Actors.Props.Create(() => new FleetSupervisor(arms, pool));
    }

    /// <summary>How long the fleet waits for one arm to answer a query or a hold/release.</summary>
    public static TimeSpan ArmTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    /// <inheritdoc />
    protected override void PreStart()
    {
        foreach (var arm in _arms)
        {
            var child = Context.ActorOf(ArmSupervisor.Props(arm, _pool), arm.ArmId);
            Context.Watch(child);
            _children[arm.ArmId] = child;
        }
    }

    private async Task HandleGetArmStatusAsync(GetArmStatus query)
    {
        if (!_arms.Any(a => a.ArmId == query.ArmId))
        {
            Sender.Tell(new ArmNotFound(query.ArmId, _arms.Select(a => a.ArmId).ToList()), Self);
            return;
        }
        Sender.Tell(await StatusOfAsync(query.ArmId), Self);
    }

    private async Task HandleGetFleetStatusAsync(GetFleetStatus _)
    {
        var statuses = await Task.WhenAll(_arms.Select(a => StatusOfAsync(a.ArmId)));
        Sender.Tell(new FleetStatus(statuses), Self);
    }

    // Operator commands go to one arm; a stopped or unknown arm answers for itself through ArmNotFound / a refusal.
    private void ForwardToArm(string armId, object message)
    {
        if (_children.TryGetValue(armId, out var child))
            child.Forward(message);
        else if (message is ResumeArm && _arms.Any(a => a.ArmId == armId))
            Sender.Tell(new ArmResumed(armId, false, $"arm '{armId}' has stopped ({_faults.GetValueOrDefault(armId) ?? "shut down"}); restart the node"), Self);
        else if (message is GetArmFrames && _arms.Any(a => a.ArmId == armId))
            Sender.Tell(new ArmFrames(armId, new Dictionary<string, Messages.ImageFrame>()), Self);
        else if (message is HoldArm && _arms.Any(a => a.ArmId == armId))
            Sender.Tell(new ArmHeld(armId), Self); // its actors are gone: nothing moves it any more
        else
            Sender.Tell(new ArmNotFound(armId, _arms.Select(a => a.ArmId).ToList()), Self);
    }

    private async Task<ArmStatus> StatusOfAsync(string armId)
    {
        if (_children.TryGetValue(armId, out var child))
        {
            try
            {
                var status = await child.Ask<ArmStatus>(new GetArmStatus(armId), ArmTimeout);
                _lastKnown[armId] = status;
                return status;
            }
            catch (AskTimeoutException)
            {
                // Stopped meanwhile: fall back to the last status seen.
            }
        }
        var last = _lastKnown.GetValueOrDefault(armId) ?? EmptyStatus(armId);
        var alarms = _faults.TryGetValue(armId, out var fault) && !last.Alarms.Contains(fault) ? [.. last.Alarms, fault] : last.Alarms;
        return last with { State = _faults.ContainsKey(armId) ? ArmState.Faulted : ArmState.Stopped, Alarms = alarms };
    }

    private async Task BroadcastAsync<TReply>(object message)
    {
        var replyTo = Sender;
        var asks = _children.Values.Select(c => c.Ask<TReply>(message, ArmTimeout)).ToList();
        var replies = new List<TReply>();
        foreach (var ask in asks)
        {
            try { replies.Add(await ask); }
            catch (AskTimeoutException) { /* a stopped arm does not answer; the rest still count */ }
        }
        replyTo.Tell(replies, Self);
    }

    private void HandleTerminated(Terminated terminated)
    {
        var armId = _children.FirstOrDefault(kv => kv.Value.Equals(terminated.ActorRef)).Key;
        if (armId is not null) _children.Remove(armId);
    }

    private static ArmStatus EmptyStatus(string armId) => new(
        armId, ArmState.Stopped, [], 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero,
        new TickMetricsSnapshot(0, 0, default, default, default, default, default, default),
        new Dictionary<string, TimeSpan>(), [], null);
}
