using Fleet.Dataset.Journal;

namespace Fleet.Node.Recording;

/// <summary>What start-up recovery did with one episode the last run left unfinished or unexported.</summary>
/// <param name="Key">The episode.</param>
/// <param name="Action"><c>recovered</c> (interrupted, kept a prefix and exported), <c>exported</c> (finished but not yet exported) or <c>discarded</c>.</param>
/// <param name="Frames">Frames written into the dataset (0 when discarded).</param>
/// <param name="Reason">Why, in words, for the log and <c>fleet episode list</c>.</param>
public sealed record RecoveryOutcome(EpisodeKey Key, string Action, long Frames, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"recovery: episode {Key} {Action}: {Reason}";
}
