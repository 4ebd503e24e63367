namespace Fleet.Node.Admin;

/// <summary>One recording episode as the admin API shows it (<c>GET /api/episodes</c>, <c>fleet episode list</c>).</summary>
/// <param name="Index">The episode's index in its dataset.</param>
/// <param name="ArmId">The arm recorded.</param>
/// <param name="Task">The task text.</param>
/// <param name="State">The journal's state: "recording", "finished", "exported", "recovered" (kept after a crash) or "discarded".</param>
/// <param name="Frames">Frames recorded so far.</param>
/// <param name="DroppedFrames">Frames the recorder could not keep up with.</param>
/// <param name="StartedAt">When recording began.</param>
/// <param name="Duration">How long it has run (or ran).</param>
public sealed record EpisodeInfo(long Index, string ArmId, string Task, string State, long Frames, long DroppedFrames, DateTimeOffset StartedAt, TimeSpan Duration)
{
    /// <summary>The dataset the episode belongs to, or null when the node records into one only.</summary>
    public string? Dataset { get; init; }

    /// <summary>Why the episode is in its state, when there is more to say (what crash recovery kept or discarded); else null.</summary>
    public string? Reason { get; init; }
}

/// <summary>
/// The recorder as the admin API needs it: the episodes, and start/stop. The dataset recorder implements it; a node
/// that records nothing uses <see cref="NoEpisodes"/>.
/// </summary>
public interface IEpisodeControl
{
    /// <summary>The episodes of this node's session, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<EpisodeInfo>> EpisodesAsync(CancellationToken cancellationToken);

    /// <summary>Starts recording an episode on <paramref name="armId"/>.</summary>
    /// <param name="armId">The arm.</param>
    /// <param name="task">The task text, or null for the arm's configured task.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The episode started.</returns>
    Task<EpisodeInfo> StartAsync(string armId, string? task, CancellationToken cancellationToken);

    /// <summary>Stops the episode recording on <paramref name="armId"/> and saves it.</summary>
    /// <param name="armId">The arm.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The episode as saved.</returns>
    Task<EpisodeInfo> StopAsync(string armId, CancellationToken cancellationToken);
}

/// <summary>The episode control of a node without a recorder: no episodes; start and stop explain why not.</summary>
public sealed class NoEpisodes : IEpisodeControl
{
    private const string Why = "this node does not record (no fleet.recording dataset is configured); configure recording and restart the node";

    /// <inheritdoc />
    public Task<IReadOnlyList<EpisodeInfo>> EpisodesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<EpisodeInfo>>([]);

    /// <inheritdoc />
    public Task<EpisodeInfo> StartAsync(string armId, string? task, CancellationToken cancellationToken) => throw new InvalidOperationException(Why);

    /// <inheritdoc />
    public Task<EpisodeInfo> StopAsync(string armId, CancellationToken cancellationToken) => throw new InvalidOperationException(Why);
}
