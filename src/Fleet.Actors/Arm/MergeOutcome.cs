namespace Fleet.Actors.Arm;

/// <summary>What merging one chunk into an <see cref="ActionQueue"/> did, action by action.</summary>
/// <param name="DroppedPast">Chunk actions whose timestep had already been executed (latency ate them).</param>
/// <param name="Blended">Chunk actions aggregated with an action already queued for the same timestep.</param>
/// <param name="Inserted">Chunk actions for timesteps nothing was queued for.</param>
/// <param name="KeptQueued">Queued actions the chunk did not cover; they stay queued.</param>
public readonly record struct MergeOutcome(int DroppedPast, int Blended, int Inserted, int KeptQueued)
{
    /// <summary>True when nothing of the chunk was usable: every action's timestep had passed.</summary>
    public bool Stale => Blended == 0 && Inserted == 0;
}
