namespace Fleet.Node.Config;

/// <summary>A string value.</summary>
public sealed class ConfigString(string value, ConfigOrigin origin) : ConfigValue(origin)
{
    /// <summary>The string's content.</summary>
    public string Value { get; } = value;

    /// <inheritdoc />
    public override string TypeName => "string";

    internal override string ConcatText => Value;
}
