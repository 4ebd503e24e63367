namespace Fleet.Actors;

/// <summary>INTERNAL API: stop the actor: stop its children, wait for them, run PostStop, notify watchers and parent.</summary>
internal sealed record Terminate : SystemMessage
{
    internal static readonly Terminate Instance = new();
}
