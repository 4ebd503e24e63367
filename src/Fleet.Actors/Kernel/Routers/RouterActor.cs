namespace Fleet.Actors;

/// <summary>INTERNAL API: the actor behind a pool router: creates and watches the routees and routes on its own turn.</summary>
internal sealed class RouterActor : ActorBase
{
    private readonly Pool _pool;
    private readonly Props _routeeProps;
    private readonly RoutingLogic _logic;
    private readonly List<ActorCell> _routees = [];

    public RouterActor(RouterConfig config, Props routeeProps)
    {
        _pool = config as Pool ?? throw new NotSupportedException($"Router {config.GetType().Name} is not a pool; Fleet supports pool routers only.");
        _routeeProps = routeeProps;
        _logic = config.CreateLogic();
    }

    protected override void PreStart()
    {
        for (var i = 0; i < _pool.NrOfInstances; i++)
        {
            var routee = Cell.ActorOfCell(_routeeProps, null);
            Context.Watch(routee.Self);
            _routees.Add(routee);
        }
        _logic.RouteesChanged(_routees);
    }

    protected internal override bool Receive(object message)
    {
        var sender = Cell.CurrentSenderOrNull;
        switch (message)
        {
            case Broadcast broadcast:
                foreach (var routee in _routees) routee.Self.Tell(broadcast.Message, sender);
                break;
            case GetRoutees:
                Sender.Tell(new Routees(_routees.Select(r => (IActorRef)r.Self).ToList()), Self);
                break;
            case Terminated terminated when _routees.Any(r => r.Self.Equals(terminated.ActorRef)):
                _routees.RemoveAll(r => r.Self.Equals(terminated.ActorRef));
                _logic.RouteesChanged(_routees);
                if (_routees.Count == 0) Context.Stop(Self);
                break;
            default:
                if (_routees.Count == 0) Cell.System.PublishDeadLetter(message, sender, Self, "router has no routees");
                else _logic.Route(message, sender, _routees, Cell);
                break;
        }
        return true;
    }

    protected override SupervisorStrategy SupervisorStrategy() => _pool.SupervisorStrategy;
}
