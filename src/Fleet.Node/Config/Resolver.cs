using System.Text;

namespace Fleet.Node.Config;

/// <summary>
/// INTERNAL API. Last stage: resolves substitutions, concatenations and delayed merges into plain
/// <see cref="ConfigValue"/>s. Substitutions look forward (at the final tree) unless they were bound as
/// self-references; every node is resolved once and memoized by identity, so the same substitution always
/// yields the same value. A node met again while it is still being resolved is a cycle, reported with the
/// chain of substitutions. Paths not found in the tree fall back to environment variables.
/// </summary>
internal sealed class Resolver
{
    private readonly ObjectNode _root;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<Node, ConfigValue?> _done = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Node> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly List<SubstitutionNode> _chain = [];

    public Resolver(ObjectNode root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    /// <summary>Resolves the whole tree.</summary>
    public ConfigObject ResolveRoot() => Resolve(_root) as ConfigObject ?? new ConfigObject([], _root.Origin);

    // Returns null for "undefined" (an optional substitution that found nothing).
    private ConfigValue? Resolve(Node node)
    {
        if (node is ValueNode v) return v.Value;
        if (_done.TryGetValue(node, out var known)) return known;
        if (!_inProgress.Add(node)) throw Cycle(node);
        try
        {
            var value = node switch
            {
                ObjectNode o => ResolveObject(o),
                ArrayNode a => new ConfigList(a.Elements.Select(Resolve).OfType<ConfigValue>().ToList(), a.Origin),
                SubstitutionNode s => ResolveSubstitution(s),
                ConcatNode c => ResolveConcat(c),
                MergeNode m => ResolveMerge(m),
                WhitespaceNode w => new ConfigString(w.Text, w.Origin),
                _ => throw new ConfigException.Bug($"unknown node {node.GetType().Name}"),
            };
            _done[node] = value;
            return value;
        }
        finally
        {
            _inProgress.Remove(node);
        }
    }

    private ConfigObject ResolveObject(ObjectNode o)
    {
        var fields = new List<KeyValuePair<string, ConfigValue>>();
        foreach (var (key, child) in o.Fields)
        {
            var value = Resolve(child);
            if (value is not null) fields.Add(new(key, value));
        }
        return new ConfigObject(fields, o.Origin);
    }

    private ConfigValue? ResolveMerge(MergeNode m)
    {
        var top = Resolve(m.Top);
        if (top is null) return Resolve(m.Below);
        if (top is not ConfigObject topObject) return top;
        return Resolve(m.Below) is ConfigObject below ? ConfigObject.Merge(topObject, below) : topObject;
    }

    private ConfigValue? ResolveSubstitution(SubstitutionNode s)
    {
        _chain.Add(s);
        try
        {
            if (s.SelfReferential)
            {
                var prior = s.Prior is null ? null : Lookup(s.Prior, s.Candidates[0], 1);
                return prior ?? Environment(s) ?? Undefined(s, "it refers to itself and nothing was set at that path before it");
            }
            foreach (var path in s.Candidates)
            {
                var found = s.Optional ? LookupOptional(path) : Lookup(_root, path, 0);
                if (found is not null) return found;
            }
            return Environment(s) ?? Undefined(s, "no such path in the configuration and no environment variable of that name");
        }
        finally
        {
            _chain.RemoveAt(_chain.Count - 1);
        }
    }

    // The spec treats a cycle met by an optional substitution as "not found".
    private ConfigValue? LookupOptional(IReadOnlyList<string> path)
    {
        try
        {
            return Lookup(_root, path, 0);
        }
        catch (CycleException)
        {
            return null;
        }
    }

    private ConfigValue? Environment(SubstitutionNode s)
    {
        var name = string.Join('.', s.Candidates[^1]);
        var value = _environment(name);
        return value is null ? null : new ConfigString(value, ConfigOrigin.Environment(name));
    }

    private static ConfigValue? Undefined(SubstitutionNode s, string why) =>
        s.Optional ? null : throw new ConfigException.Missing(s.Origin, s.Display,
            $"the substitution cannot be resolved: {why}. Define {ConfigPath.Render(s.Candidates[^1])} (or the environment variable), or write ${{?…}} to make it optional");

    // Walks `path` from `start`, resolving only the nodes it must pass through, not whole objects.
    private ConfigValue? Lookup(Node start, IReadOnlyList<string> path, int from)
    {
        Node current = start;
        for (var i = from; i < path.Count; i++)
        {
            if (current is ObjectNode o)
            {
                var next = o.Get(path[i]);
                if (next is null) return null;
                current = next;
                continue;
            }
            if (_inProgress.Contains(current))
            {
                // Resolving it would be a cycle; a plain value in one of its object layers may still answer.
                var (known, layered) = Layered(current, path[i]);
                if (known && layered is null) return null;
                if (known)
                {
                    current = layered!;
                    continue;
                }
            }
            var resolved = Resolve(current);
            for (; i < path.Count; i++)
            {
                resolved = (resolved as ConfigObject)?.Get(path[i]);
                if (resolved is null) return null;
            }
            return resolved;
        }
        return Resolve(current);
    }

    // Looks `key` up in the object layers of a merge or concatenation without resolving it, latest layer
    // first. Known=false means the answer needs a resolution (a substitution layer, or an object value
    // that would have to merge with lower layers).
    private static (bool Known, Node? Node) Layered(Node node, string key)
    {
        IEnumerable<Node>? layers = node switch
        {
            MergeNode m => [m.Top, m.Below],
            ConcatNode c => c.Parts.Reverse(),
            _ => null,
        };
        if (layers is null) return (false, null);
        foreach (var layer in layers)
        {
            if (layer is WhitespaceNode) continue;
            var (known, found) = layer is ObjectNode o ? (true, o.Get(key)) : Layered(layer, key);
            if (!known) return (false, null);
            if (found is null) continue;
            return found is ValueNode or ArrayNode ? (true, found) : (false, null);
        }
        return (true, null);
    }

    private ConfigValue? ResolveConcat(ConcatNode c)
    {
        var kept = new List<(Node Node, ConfigValue Value)>();
        foreach (var part in c.Parts)
        {
            var value = Resolve(part);
            if (value is not null) kept.Add((part, value));
        }
        var solid = kept.Where(k => k.Node is not WhitespaceNode).ToList();
        if (solid.Count == 0) return null;
        if (solid.All(k => k.Value is ConfigList))
            return new ConfigList(solid.SelectMany(k => (ConfigList)k.Value).ToList(), c.Origin);
        if (solid.All(k => k.Value is ConfigObject))
            return solid.Select(k => (ConfigObject)k.Value).Aggregate((below, top) => ConfigObject.Merge(top, below));
        var bad = solid.FirstOrDefault(k => k.Value is ConfigList or ConfigObject);
        if (bad.Value is not null)
            throw new ConfigException.Parse(bad.Value.Origin, $"cannot concatenate {bad.Value.TypeName} with a string or a value of another kind; only strings, only lists or only objects concatenate (check the value at {c.Origin})");
        return new ConfigString(ConcatStrings(kept), c.Origin);
    }

    private static string ConcatStrings(List<(Node Node, ConfigValue Value)> kept)
    {
        int first = 0, last = kept.Count - 1;
        while (kept[first].Node is WhitespaceNode) first++;
        while (kept[last].Node is WhitespaceNode) last--;
        var sb = new StringBuilder();
        for (var i = first; i <= last; i++) sb.Append(kept[i].Value.ConcatText);
        return sb.ToString();
    }

    private CycleException Cycle(Node node)
    {
        var links = _chain.Select(s => $"{s.Display} at {s.Origin}");
        return new CycleException(node.Origin, $"substitution cycle: {string.Join(" -> ", links)} -> back to the value at {node.Origin}; break the loop by giving one of these paths a plain value");
    }

    /// <summary>INTERNAL API. A cycle; a Parse error, and also caught by optional lookups.</summary>
    private sealed class CycleException(ConfigOrigin origin, string message) : ConfigException.Parse(origin, message);
}
