namespace Fleet.Policy.Checkpoints;

/// <summary>
/// A checkpoint or tensor file that cannot be used: missing, truncated, corrupt, or holding a tensor of the wrong
/// name, dtype or shape. The message names the file, the key and what was expected, so a person can fix it.
/// </summary>
public sealed class CheckpointException(string message) : Exception(message);
