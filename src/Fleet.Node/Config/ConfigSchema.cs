namespace Fleet.Node.Config;

/// <summary>
/// Checks a merged configuration against the reference <c>hocon/fleet.conf</c>, which is the schema:
/// <list type="bullet">
/// <item>every key under <c>fleet</c> must exist in the reference; an unknown key is an error naming its
/// file:line and the nearest known path (edit distance);</item>
/// <item>an empty object <c>{}</c> in the reference is a free-form map: any keys are accepted below it;</item>
/// <item>a list <c>fleet.x</c> whose reference has a sibling object <c>fleet.x-template</c> holds objects,
/// and each element is checked against that template (the template also gives each element its defaults).</item>
/// </list>
/// Keys outside <c>fleet</c> belong to the user (for substitutions) and are not checked.
/// </summary>
public static class ConfigSchema
{
    /// <summary>The suffix of a reference key that holds the element template of the list beside it.</summary>
    public const string TemplateSuffix = "-template";

    /// <summary>Throws the first problem found, or returns when <paramref name="config"/> fits <paramref name="reference"/>.</summary>
    /// <exception cref="ConfigException.BadValue">An unknown key; the message names the nearest known path.</exception>
    /// <exception cref="ConfigException.WrongType">An object expected where something else was written (or the reverse).</exception>
    public static void Validate(ConfigObject reference, ConfigObject config)
    {
        if (reference.Get("fleet") is not ConfigObject schema || config.Get("fleet") is not { } fleet) return;
        if (fleet is not ConfigObject fleetObject) throw new ConfigException.WrongType(fleet.Origin, "fleet", "object", fleet.TypeName);
        CheckObject(schema, fleetObject, ["fleet"], KnownPaths(schema, "fleet").ToList());
    }

    private static void CheckObject(ConfigObject schema, ConfigObject actual, IReadOnlyList<string> path, List<string> known)
    {
        if (schema.Count == 0) return; // a free-form map
        foreach (var (key, value) in actual)
        {
            var childPath = path.Append(key).ToList();
            var expected = schema.Get(key);
            if (expected is null) throw Unknown(childPath, value, known);
            if (expected is ConfigObject expectedObject)
            {
                if (value is ConfigObject actualObject) CheckObject(expectedObject, actualObject, childPath, known);
                else if (value is not ConfigNull) throw new ConfigException.WrongType(value.Origin, ConfigPath.Render(childPath), "object", value.TypeName);
                continue;
            }
            if (expected is ConfigList && value is ConfigList list && schema.Get(key + TemplateSuffix) is ConfigObject template)
                CheckElements(template, list, childPath);
        }
    }

    private static void CheckElements(ConfigObject template, ConfigList list, IReadOnlyList<string> path)
    {
        for (var i = 0; i < list.Count; i++)
        {
            var elementPath = path.Take(path.Count - 1).Append($"{path[^1]}[{i}]").ToList();
            if (list[i] is not ConfigObject element)
                throw new ConfigException.WrongType(list[i].Origin, ConfigPath.Render(path) + $"[{i}]", "object", list[i].TypeName);
            var rendered = ConfigPath.Render(path) + $"[{i}]";
            CheckObject(template, element, elementPath, KnownPaths(template, rendered).ToList());
        }
    }

    private static ConfigException.BadValue Unknown(List<string> path, ConfigValue value, List<string> known)
    {
        var rendered = string.Join('.', path);
        // For `fleet.admn.port = 1` the unknown key is `admn`, but the full path written says more about the intent.
        var (leafPath, leaf) = (rendered, value);
        while (leaf is ConfigObject { Count: > 0 } o)
        {
            leafPath = $"{leafPath}.{o[0].Key}";
            leaf = o[0].Value;
        }
        var nearest = known.MinBy(k => EditDistance(k, leafPath));
        var hint = nearest is null ? "" : $"; did you mean {nearest}?";
        return new ConfigException.BadValue(leaf.Origin, rendered, $"unknown key (not in the reference hocon/fleet.conf){hint}");
    }

    // Every path the schema defines, objects and leaves alike.
    private static IEnumerable<string> KnownPaths(ConfigObject schema, string prefix)
    {
        foreach (var (key, value) in schema)
        {
            var path = $"{prefix}.{key}";
            yield return path;
            if (value is ConfigObject child)
                foreach (var deeper in KnownPaths(child, path)) yield return deeper;
        }
    }

    /// <summary>Levenshtein distance: the fewest single-character edits that turn one string into the other.</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
