namespace Fleet.Actors.Tests.Infrastructure;

/// <summary>
/// Tests that assert wall-clock behaviour of the control tick (no starvation, holds within a deadline). xunit runs
/// this collection alone, after the parallel ones, so the kernel's load specs (millions of messages, 10,000 actors)
/// do not flood the thread pool the tick's policy replies ride on. Without it a load spec running beside them made
/// an arm starve for a second and a half (42 ticks) in one CI run.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimeCollection
{
    /// <summary>The collection's name for <c>[Collection]</c>.</summary>
    public const string Name = "real-time control tick";
}
