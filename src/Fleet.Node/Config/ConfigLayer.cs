namespace Fleet.Node.Config;

/// <summary>
/// One layer of configuration for <see cref="ConfigLoader"/>: a file, or text a command generates (such as
/// <c>fleet demo --arms N</c>'s arms), named in errors as if it were a file.
/// </summary>
/// <param name="Source">The file's path, or the name that errors give generated text (<c>source:line:</c>).</param>
/// <param name="Text">The generated HOCON; null for a file layer.</param>
public sealed record ConfigLayer(string Source, string? Text = null)
{
    /// <summary>A config file.</summary>
    public static ConfigLayer File(string path) => new(path);

    /// <summary>Generated HOCON text; includes in it resolve against the working directory.</summary>
    public static ConfigLayer Generated(string source, string text) => new(source, text);

    /// <summary>True when the layer is generated text rather than a file.</summary>
    public bool IsGenerated => Text is not null;
}
