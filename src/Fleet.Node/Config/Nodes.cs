namespace Fleet.Node.Config;

// INTERNAL API. The unresolved value tree built by the ValueParser and consumed by the Resolver.
// Only ObjectNodes are mutated (while files are applied); every other node is immutable once built.

/// <summary>INTERNAL API. A value that may still hold substitutions.</summary>
internal abstract class Node(ConfigOrigin origin)
{
    public ConfigOrigin Origin { get; } = origin;
}

/// <summary>INTERNAL API. An already-resolved scalar (string, number, boolean, null).</summary>
internal sealed class ValueNode(ConfigValue value) : Node(value.Origin)
{
    public ConfigValue Value { get; } = value;
}

/// <summary>INTERNAL API. Whitespace between the parts of a concatenation.</summary>
internal sealed class WhitespaceNode(string text, ConfigOrigin origin) : Node(origin)
{
    public string Text { get; } = text;
}

/// <summary>INTERNAL API. An array whose elements may hold substitutions.</summary>
internal sealed class ArrayNode(IReadOnlyList<Node> elements, ConfigOrigin origin) : Node(origin)
{
    public IReadOnlyList<Node> Elements { get; } = elements;
}

/// <summary>INTERNAL API. A value concatenation of two or more parts.</summary>
internal sealed class ConcatNode(IReadOnlyList<Node> parts, ConfigOrigin origin) : Node(origin)
{
    public IReadOnlyList<Node> Parts { get; } = parts;
}

/// <summary>INTERNAL API. A later value over an earlier one that it may merge with once both are resolved.</summary>
internal sealed class MergeNode(Node top, Node below) : Node(top.Origin)
{
    public Node Top { get; } = top;
    public Node Below { get; } = below;
}

/// <summary>
/// INTERNAL API. <c>${path}</c>. <see cref="Candidates"/> are tried in order (an include's fixed-up path
/// first, then the path as written). A self-referential substitution looks backward: it is bound to a
/// copy of what its first path element held before the field was set (<see cref="Prior"/>).
/// </summary>
internal sealed class SubstitutionNode(IReadOnlyList<IReadOnlyList<string>> candidates, bool optional, ConfigOrigin origin) : Node(origin)
{
    public IReadOnlyList<IReadOnlyList<string>> Candidates { get; } = candidates;
    public bool Optional { get; } = optional;
    public bool SelfReferential { get; init; }
    public Node? Prior { get; init; }

    public string Display => (Optional ? "${?" : "${") + ConfigPath.Render(Candidates[^1]) + "}";
}

/// <summary>INTERNAL API. An object under construction; keys keep the position of their first definition.</summary>
internal sealed class ObjectNode(ConfigOrigin origin) : Node(origin)
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, Node> _fields = new(StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, Node>> Fields => _order.Select(k => new KeyValuePair<string, Node>(k, _fields[k]));

    public Node? Get(string key) => _fields.GetValueOrDefault(key);

    public void Set(string key, Node value)
    {
        if (!_fields.ContainsKey(key)) _order.Add(key);
        _fields[key] = value;
    }

    /// <summary>A deep copy of the mutable parts, so a self-reference keeps seeing the value as it was.</summary>
    public static Node Snapshot(Node node) => node switch
    {
        ObjectNode o => o.CloneDeep(),
        MergeNode m => new MergeNode(Snapshot(m.Top), Snapshot(m.Below)),
        _ => node,
    };

    private ObjectNode CloneDeep()
    {
        var copy = new ObjectNode(Origin);
        foreach (var (key, value) in Fields) copy.Set(key, Snapshot(value));
        return copy;
    }
}
