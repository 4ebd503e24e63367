using Fleet.Dataset.Export;
using Fleet.Dataset.Journal;

namespace Fleet.Actors.Recording;

/// <summary>
/// Starts recording an episode on the recorder's arm: begins it in the journal and starts one live encoder per
/// camera. Replies <see cref="EpisodeStarted"/>, or <see cref="RecordingFailed"/> when it could not start.
/// </summary>
/// <param name="Key">Dataset, arm and episode index (the index the dataset will give it: the episodes already in it).</param>
/// <param name="Task">The task text journaled with every frame.</param>
public sealed record StartEpisode(EpisodeKey Key, string Task);

/// <summary>The reply to <see cref="StartEpisode"/>: the episode records from the next servo tick on.</summary>
/// <param name="Key">The episode.</param>
public sealed record EpisodeStarted(EpisodeKey Key);

/// <summary>
/// Ends the recording episode. Without <paramref name="Discard"/> the frames are durably finished in the journal and
/// the videos completed before the reply <see cref="EpisodeStopped"/>; the export into the dataset then runs in the
/// background and ends with <see cref="EpisodeFinished"/> (or <see cref="RecordingFailed"/>), sent to the same asker
/// and published on the event stream. With <paramref name="Discard"/> (re-record) the episode is discarded in the
/// journal and its videos deleted; the reply is <see cref="EpisodeStopped"/> with <c>Discarded</c> set.
/// </summary>
/// <param name="Reason">Why it ended before its full time (e.g. "ended early by operator"), or null.</param>
/// <param name="Discard">True to throw the episode away (the operator re-records it).</param>
public sealed record StopEpisode(string? Reason, bool Discard = false);

/// <summary>The reply to <see cref="StopEpisode"/>: the arm records nothing more for this episode.</summary>
/// <param name="Key">The episode, or null when none was recording.</param>
/// <param name="Frames">Frames journaled.</param>
/// <param name="DroppedFrames">Camera frames the encoders dropped or filled (all cameras).</param>
/// <param name="Discarded">True when the episode was discarded.</param>
public sealed record EpisodeStopped(EpisodeKey? Key, long Frames, long DroppedFrames, bool Discarded);

/// <summary>An episode is in the dataset and marked exported in the journal. Published on the event stream.</summary>
/// <param name="Key">The episode.</param>
/// <param name="Saved">What the dataset writer wrote.</param>
public sealed record EpisodeFinished(EpisodeKey Key, EpisodeSaved Saved);

/// <summary>
/// Recording failed on an arm (journal storage, an encoder, the export). Published on the event stream and sent to
/// whoever asked for the step that failed. Episodes exported before stay intact; a journaled episode that was not
/// exported is recovered on the next start.
/// </summary>
/// <param name="ArmId">The arm.</param>
/// <param name="Key">The episode concerned, if any.</param>
/// <param name="Message">What failed, where, and what to do.</param>
public sealed record RecordingFailed(string ArmId, EpisodeKey? Key, string Message);

/// <summary>Asks a recorder for <see cref="RecorderStatus"/>.</summary>
public sealed record GetRecorderStatus;

/// <summary>A recorder's live counters.</summary>
/// <param name="ArmId">The arm.</param>
/// <param name="Recording">The episode recording now, or null.</param>
/// <param name="Frames">Frames journaled in the current (or last) episode.</param>
/// <param name="DroppedFrames">Camera frames dropped or filled by the encoders in the current (or last) episode.</param>
/// <param name="Exported">Episodes exported by this recorder since it started.</param>
/// <param name="ExportsPending">Exports still running.</param>
public sealed record RecorderStatus(string ArmId, EpisodeKey? Recording, long Frames, long DroppedFrames, int Exported, int ExportsPending);
