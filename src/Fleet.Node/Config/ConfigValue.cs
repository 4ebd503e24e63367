using System.Collections;
using System.Globalization;

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

/// <summary>A string value.</summary>
public sealed class ConfigString(string value, ConfigOrigin origin) : ConfigValue(origin)
{
    /// <summary>The string's content.</summary>
    public string Value { get; } = value;

    /// <inheritdoc />
    public override string TypeName => "string";

    internal override string ConcatText => Value;
}

/// <summary>A number; keeps the text it was written as, so concatenation and rendering reproduce it.</summary>
public sealed class ConfigNumber(string text, ConfigOrigin origin) : ConfigValue(origin)
{
    /// <summary>The number as written in the file (for example <c>1e5</c>).</summary>
    public string Text { get; } = text;

    /// <summary>The value as a double.</summary>
    public double AsDouble => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value as a whole number, or null when it has a fraction or does not fit in 64 bits.</summary>
    public long? AsLong => long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l
        : double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18 ? (long)d : null;

    /// <inheritdoc />
    public override string TypeName => "number";

    internal override string ConcatText => Text;

    /// <summary>True when <paramref name="text"/> is a JSON number (optional minus, digits without a leading zero, optional fraction and exponent).</summary>
    public static bool IsNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-') i++;
        var digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i == digits) return false;
        if (i - digits > 1 && text[digits] == '0') return false; // JSON forbids leading zeros; "007" stays a string
        if (i < text.Length && text[i] == '.')
        {
            var frac = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == frac) return false;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-') i++;
            var exp = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == exp) return false;
        }
        return i == text.Length;
    }
}

/// <summary>A boolean value (<c>true</c> or <c>false</c> in the file).</summary>
public sealed class ConfigBoolean(bool value, ConfigOrigin origin) : ConfigValue(origin)
{
    /// <summary>The boolean.</summary>
    public bool Value { get; } = value;

    /// <inheritdoc />
    public override string TypeName => "boolean";

    internal override string ConcatText => Value ? "true" : "false";
}

/// <summary>An explicit <c>null</c>. A null is present (it hides fallbacks and environment variables) but has no value.</summary>
public sealed class ConfigNull(ConfigOrigin origin) : ConfigValue(origin)
{
    /// <inheritdoc />
    public override string TypeName => "null";

    internal override string ConcatText => "null";
}

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
