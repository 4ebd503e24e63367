namespace Fleet.Actors;

/// <summary>INTERNAL API: handle user messages again (the supervisor chose Resume, or a suspended parent resumed).</summary>
internal sealed record Resume : SystemMessage
{
    internal static readonly Resume Instance = new();
}
