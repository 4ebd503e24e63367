namespace Fleet.Dataset.Hub;

/// <summary>
/// The folder given to <c>fleet dataset push</c> cannot be pushed: it is missing, or it is not a LeRobotDataset
/// v3.0 folder (no <c>meta/info.json</c>, another <c>codebase_version</c>, no data files). Nothing was sent.
/// </summary>
public sealed class DatasetFolderException : Exception
{
    /// <summary>Creates the exception with a message that names the folder and says what to do.</summary>
    public DatasetFolderException(string message, Exception? inner = null) : base(message, inner) { }
}
