namespace Fleet.Node.Config;

/// <summary>
/// Where a configuration value or token came from: a file (or a description such as
/// <c>environment variable HOME</c>) and a 1-based line and column.
/// </summary>
/// <param name="Description">The file path, or a description of a non-file source.</param>
/// <param name="Line">The 1-based line; 0 when the source has no lines (environment variables).</param>
/// <param name="Column">The 1-based column; 0 when unknown.</param>
public sealed record ConfigOrigin(string Description, int Line, int Column = 0)
{
    /// <summary>The origin used for values that Fleet creates itself rather than reads.</summary>
    public static ConfigOrigin Synthetic { get; } = new("(built in)", 0);

    /// <summary>An origin for a value taken from an environment variable.</summary>
    public static ConfigOrigin Environment(string variable) => new($"environment variable {variable}", 0);

    /// <summary>Renders as <c>file:line:column</c>, <c>file:line</c>, or the bare description.</summary>
    public override string ToString() =>
        Line <= 0 ? Description : Column <= 0 ? $"{Description}:{Line}" : $"{Description}:{Line}:{Column}";

    /// <summary>Renders as <c>file:line</c> only, the form used by <c>--origin</c>.</summary>
    public string ToFileLine() => Line <= 0 ? Description : $"{Description}:{Line}";
}
