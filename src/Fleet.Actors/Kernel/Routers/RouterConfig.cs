namespace Fleet.Actors;

/// <summary>
/// How a router spreads messages over its routees (<see cref="Props.WithRouter"/>). Fleet has pool routers only:
/// the router creates, watches and supervises its routees.
/// </summary>
public abstract class RouterConfig
{
    private protected RouterConfig() { }

    /// <summary>INTERNAL API: a fresh routing logic for one router instance.</summary>
    internal abstract RoutingLogic CreateLogic();
}
