namespace Fleet.Actors;

/// <summary>INTERNAL API: build the actor instance and run PreStart. The first message every cell gets.</summary>
internal sealed record Create : SystemMessage
{
    internal static readonly Create Instance = new();
}
