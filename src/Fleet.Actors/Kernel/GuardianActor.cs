namespace Fleet.Actors;

/// <summary>INTERNAL API: the actor behind <c>/</c>, <c>/user</c> and <c>/system</c>; it only supervises.</summary>
internal sealed class GuardianActor(SupervisorStrategy strategy) : ActorBase
{
    protected internal override bool Receive(object message) => false;

    protected override SupervisorStrategy SupervisorStrategy() => strategy;
}
