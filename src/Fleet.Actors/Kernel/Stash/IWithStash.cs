namespace Fleet.Actors;

/// <summary>
/// Marks an actor that stashes messages; the kernel sets <see cref="Stash"/> before the actor's constructor body
/// runs. Declare it as <c>public IStash Stash { get; set; } = null!;</c>.
/// </summary>
public interface IWithStash
{
    /// <summary>The actor's stash.</summary>
    IStash Stash { get; set; }
}
