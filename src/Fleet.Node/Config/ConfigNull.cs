namespace Fleet.Node.Config;

/// <summary>An explicit <c>null</c>. A null is present (it hides fallbacks and environment variables) but has no value.</summary>
public sealed class ConfigNull(ConfigOrigin origin) : ConfigValue(origin)
{
    /// <inheritdoc />
    public override string TypeName => "null";

    internal override string ConcatText => "null";
}
