using System.Collections;

namespace Fleet.Node.Config;

/// <summary>An object: keys in the order they were first written, each with its value.</summary>
public sealed class ConfigObject : ConfigValue, IReadOnlyList<KeyValuePair<string, ConfigValue>>
{
    private readonly List<KeyValuePair<string, ConfigValue>> _fields;
    private readonly Dictionary<string, ConfigValue> _byKey;

    /// <summary>Creates an object from fields; a later duplicate key replaces an earlier one in place.</summary>
    public ConfigObject(IEnumerable<KeyValuePair<string, ConfigValue>> fields, ConfigOrigin origin) : base(origin)
    {
        _fields = [];
        _byKey = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            if (_byKey.ContainsKey(key)) _fields[_fields.FindIndex(f => f.Key == key)] = new(key, value);
            else _fields.Add(new(key, value));
            _byKey[key] = value;
        }
    }

    /// <inheritdoc />
    public override string TypeName => "object";

    /// <summary>The keys in order.</summary>
    public IEnumerable<string> Keys => _fields.Select(f => f.Key);

    /// <summary>The value of one key (not a path), or null when the key is absent.</summary>
    public ConfigValue? Get(string key) => _byKey.GetValueOrDefault(key);

    /// <inheritdoc />
    public KeyValuePair<string, ConfigValue> this[int index] => _fields[index];

    /// <inheritdoc />
    public int Count => _fields.Count;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, ConfigValue>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Merges <paramref name="top"/> over <paramref name="fallback"/> as HOCON does for duplicate keys:
    /// keys of both are kept, a key in both takes the top's value, and two object values merge recursively.
    /// </summary>
    public static ConfigObject Merge(ConfigObject top, ConfigObject fallback)
    {
        var fields = new List<KeyValuePair<string, ConfigValue>>(fallback._fields);
        foreach (var (key, value) in top._fields)
        {
            var below = fallback.Get(key);
            var merged = value is ConfigObject o && below is ConfigObject b ? Merge(o, b) : value;
            fields.Add(new(key, merged));
        }
        return new ConfigObject(fields, top.Origin);
    }
}
