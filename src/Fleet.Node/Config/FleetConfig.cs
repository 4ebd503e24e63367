using System.Globalization;

namespace Fleet.Node.Config;

/// <summary>
/// Typed, read-only access to a resolved configuration.
/// <para>
/// Vocabulary: a <em>key</em> is one entry of an object (<c>port</c>); a <em>path</em> is a dotted
/// sequence of keys from the root (<c>fleet.admin.port</c>; quote a key holding a dot:
/// <c>a."b.c"</c>). Every getter takes a path relative to this config.
/// </para>
/// <para>
/// Contract: getters never return null. A path that is absent, or set to <c>null</c>, raises
/// <see cref="ConfigException.Missing"/>; a value of the wrong type raises
/// <see cref="ConfigException.WrongType"/>; a value of the right type that cannot be used (a bad unit,
/// out of range) raises <see cref="ConfigException.BadValue"/>. Each error starts with the file:line
/// where the value was written. Strings convert to numbers and booleans (<c>yes/no/on/off</c> too) and
/// scalars convert to strings, as HOCON's automatic conversions allow.
/// </para>
/// <para>
/// Layers merge in this order, later over earlier: the reference <c>hocon/fleet.conf</c>, then each
/// <c>--config</c> file; substitutions are resolved last, over the whole merged tree, falling back to
/// environment variables (see <see cref="ConfigLoader"/>).
/// </para>
/// </summary>
public sealed class FleetConfig
{
    private readonly string _prefix;

    /// <summary>Wraps a resolved root object.</summary>
    public FleetConfig(ConfigObject root) : this(root, "") { }

    private FleetConfig(ConfigObject root, string prefix)
    {
        Root = root;
        _prefix = prefix;
    }

    /// <summary>The resolved object this config reads from.</summary>
    public ConfigObject Root { get; }

    /// <summary>Parses and resolves HOCON text (for tests and tools); environment variables come from <paramref name="environment"/> or the process.</summary>
    /// <exception cref="ConfigException">The text is invalid or a substitution cannot be resolved.</exception>
    public static FleetConfig Parse(string text, string source = "(text)", Func<string, string?>? environment = null, string? includeDirectory = null)
    {
        var parser = new ValueParser();
        parser.ApplyText(text, source, includeDirectory);
        return new FleetConfig(new Resolver(parser.Root, environment ?? System.Environment.GetEnvironmentVariable).ResolveRoot());
    }

    /// <summary>The value at <paramref name="path"/>, or null when absent (a present <c>null</c> comes back as <see cref="ConfigNull"/>).</summary>
    public ConfigValue? GetValueOrNull(string path)
    {
        ConfigValue? current = Root;
        foreach (var key in ConfigPath.Parse(path))
        {
            current = (current as ConfigObject)?.Get(key);
            if (current is null) return null;
        }
        return current;
    }

    /// <summary>True when <paramref name="path"/> exists and is not null.</summary>
    public bool HasPath(string path) => GetValueOrNull(path) is not (null or ConfigNull);

    /// <summary>The string at <paramref name="path"/>; numbers and booleans convert to their text.</summary>
    public string GetString(string path)
    {
        var value = Require(path);
        return value.ConcatText is { } text && value is not ConfigNull ? text : throw WrongType(path, value, "string");
    }

    /// <summary>The whole number at <paramref name="path"/> within the range of <see cref="int"/>.</summary>
    public int GetInt(string path)
    {
        var l = GetLong(path);
        return l is >= int.MinValue and <= int.MaxValue ? (int)l : throw new ConfigException.BadValue(Require(path).Origin, Full(path), $"{l} is out of range for a 32-bit integer");
    }

    /// <summary>The whole number at <paramref name="path"/>.</summary>
    public long GetLong(string path) => AsNumber(path).AsLong ?? throw new ConfigException.BadValue(Require(path).Origin, Full(path), "expected a whole number");

    /// <summary>The number at <paramref name="path"/>.</summary>
    public double GetDouble(string path) => AsNumber(path).AsDouble;

    /// <summary>The boolean at <paramref name="path"/>: <c>true/false</c>, or the strings <c>yes/no/on/off</c>.</summary>
    public bool GetBoolean(string path)
    {
        var value = Require(path);
        return value switch
        {
            ConfigBoolean b => b.Value,
            ConfigString { Value: "true" or "yes" or "on" } => true,
            ConfigString { Value: "false" or "no" or "off" } => false,
            _ => throw WrongType(path, value, "boolean (true/false/yes/no/on/off)"),
        };
    }

    /// <summary>A duration (<c>10s</c>, <c>100 ms</c>, <c>2 minutes</c>); a bare number means milliseconds.</summary>
    public TimeSpan GetDuration(string path) => WithUnits(path, ConfigUnits.ParseDuration, "a duration such as 10s or 100 ms");

    /// <summary>A size in bytes (<c>64 MiB</c>, <c>1k</c>, <c>10MB</c>); a bare number means bytes.</summary>
    public long GetBytes(string path) => WithUnits(path, ConfigUnits.ParseBytes, "a size such as 64 MiB or 512k");

    /// <summary>The list at <paramref name="path"/> as strings.</summary>
    public IReadOnlyList<string> GetStringList(string path)
    {
        var list = Require(path) as ConfigList ?? throw WrongType(path, Require(path), "list");
        return list.Select((item, i) => item is ConfigObject or ConfigList or ConfigNull
            ? throw WrongType($"{path}[{i}]", item, "string")
            : item.ConcatText!).ToList();
    }

    /// <summary>The object at <paramref name="path"/> as a config whose paths are relative to it (errors still show full paths).</summary>
    public FleetConfig GetConfig(string path)
    {
        var value = Require(path);
        return value is ConfigObject o ? new FleetConfig(o, Full(path)) : throw WrongType(path, value, "object");
    }

    /// <summary>The list of objects at <paramref name="path"/>, each as a config.</summary>
    public IReadOnlyList<FleetConfig> GetConfigList(string path)
    {
        var value = Require(path);
        if (value is not ConfigList list) throw WrongType(path, value, "list of objects");
        return list.Select((item, i) => item is ConfigObject o ? new FleetConfig(o, $"{Full(path)}[{i}]") : throw WrongType($"{path}[{i}]", item, "object")).ToList();
    }

    /// <summary>The origin of the value at <paramref name="path"/> (file:line), or null when absent.</summary>
    public ConfigOrigin? OriginOf(string path) => GetValueOrNull(path)?.Origin;

    private string Full(string path) => _prefix.Length == 0 ? path : $"{_prefix}.{path}";

    private ConfigValue Require(string path) => GetValueOrNull(path) switch
    {
        null => throw new ConfigException.Missing(null, Full(path), "add it to your config file (see hocon/fleet.conf for every key and its default)"),
        ConfigNull n => throw new ConfigException.Missing(n.Origin, Full(path), "it is set to null; give it a value"),
        var v => v,
    };

    private ConfigNumber AsNumber(string path)
    {
        var value = Require(path);
        return value switch
        {
            ConfigNumber n => n,
            ConfigString s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => new ConfigNumber(s.Value.Trim(), s.Origin),
            _ => throw WrongType(path, value, "number"),
        };
    }

    private T WithUnits<T>(string path, Func<string, T> parse, string expected)
    {
        var value = Require(path);
        var text = value switch
        {
            ConfigNumber n => n.Text,
            ConfigString s => s.Value,
            _ => throw WrongType(path, value, expected),
        };
        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ConfigException.BadValue(value.Origin, Full(path), $"{e.Message}; expected {expected}");
        }
    }

    private ConfigException.WrongType WrongType(string path, ConfigValue value, string expected) =>
        new(value.Origin, Full(path), expected, value.TypeName);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"FleetConfig({(_prefix.Length == 0 ? "root" : _prefix)}, {Root.Count} keys)");
}
