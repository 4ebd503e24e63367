namespace Fleet.Dataset.Hub;

/// <summary>The steps of a push, in order.</summary>
public enum PushStage
{
    /// <summary>Reading and hashing the dataset files.</summary>
    Hashing,
    /// <summary>Creating the repository and comparing with what it already holds.</summary>
    Planning,
    /// <summary>Sending LFS objects.</summary>
    Uploading,
    /// <summary>Committing the files and the card, then tagging.</summary>
    Committing,
    /// <summary>Finished.</summary>
    Done,
}

/// <summary>A progress report: the stage and its byte counters (both 0 for stages that are not byte-counted).</summary>
/// <param name="Stage">The current step.</param>
/// <param name="Done">Bytes done in this step so far.</param>
/// <param name="Total">Bytes this step will handle.</param>
public readonly record struct PushProgress(PushStage Stage, long Done, long Total);
