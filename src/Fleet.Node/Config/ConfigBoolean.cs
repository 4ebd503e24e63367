namespace Fleet.Node.Config;

/// <summary>A boolean value (<c>true</c> or <c>false</c> in the file).</summary>
public sealed class ConfigBoolean(bool value, ConfigOrigin origin) : ConfigValue(origin)
{
    /// <summary>The boolean.</summary>
    public bool Value { get; } = value;

    /// <inheritdoc />
    public override string TypeName => "boolean";

    internal override string ConcatText => Value ? "true" : "false";
}
