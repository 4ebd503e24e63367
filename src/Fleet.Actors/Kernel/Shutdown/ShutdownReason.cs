namespace Fleet.Actors;

/// <summary>Why coordinated shutdown ran.</summary>
/// <param name="Description">Short text for logs, e.g. "SIGTERM".</param>
public sealed record ShutdownReason(string Description)
{
    /// <summary>Ctrl-C.</summary>
    public static ShutdownReason SigInt { get; } = new("SIGINT");

    /// <summary>A termination request from the OS or a service manager.</summary>
    public static ShutdownReason SigTerm { get; } = new("SIGTERM");

    /// <summary>A caller gave no reason.</summary>
    public static ShutdownReason Unknown { get; } = new("unknown");
}
