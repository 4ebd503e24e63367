namespace Fleet.Actors;

/// <summary>INTERNAL API: a child failed and is suspended, waiting for this (its parent's) supervisor decision.</summary>
/// <param name="Child">The failed child.</param>
/// <param name="Cause">What it threw.</param>
internal sealed record Failed(ActorCell Child, Exception Cause) : SystemMessage;
