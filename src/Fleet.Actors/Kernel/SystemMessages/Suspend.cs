namespace Fleet.Actors;

/// <summary>INTERNAL API: stop handling user messages (system messages still flow); sent down to children of a failed actor.</summary>
internal sealed record Suspend : SystemMessage
{
    internal static readonly Suspend Instance = new();
}
