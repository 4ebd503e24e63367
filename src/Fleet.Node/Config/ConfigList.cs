using System.Collections;

namespace Fleet.Node.Config;

/// <summary>A list of values.</summary>
public sealed class ConfigList(IReadOnlyList<ConfigValue> items, ConfigOrigin origin) : ConfigValue(origin), IReadOnlyList<ConfigValue>
{
    /// <inheritdoc />
    public override string TypeName => "list";

    /// <inheritdoc />
    public ConfigValue this[int index] => items[index];

    /// <inheritdoc />
    public int Count => items.Count;

    /// <inheritdoc />
    public IEnumerator<ConfigValue> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
