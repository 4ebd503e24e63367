namespace Fleet.Node.Config;

/// <summary>
/// A resolved configuration value: an object, a list, a string, a number, a boolean or null. Every value
/// remembers where it was written (<see cref="Origin"/>). Values are immutable once resolved.
/// </summary>
public abstract class ConfigValue
{
    private protected ConfigValue(ConfigOrigin origin) => Origin = origin;

    /// <summary>Where this value was written (file:line:column), or where it was taken from.</summary>
    public ConfigOrigin Origin { get; }

    /// <summary>The HOCON type name used in error messages: object, list, string, number, boolean or null.</summary>
    public abstract string TypeName { get; }

    /// <summary>The text this value contributes to a string concatenation (numbers as written in the file).</summary>
    internal virtual string? ConcatText => null;
}
