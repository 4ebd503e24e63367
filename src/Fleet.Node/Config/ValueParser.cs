namespace Fleet.Node.Config;

/// <summary>
/// INTERNAL API. Third stage: applies syntax trees, field by field and in order, onto one tree of
/// <see cref="Node"/>s. This is where duplicate keys merge or override, path keys expand, includes are
/// read (relative to the including file), <c>+=</c> becomes <c>${?path} [value]</c>, and
/// self-referential substitutions are bound to the value they refer back to.
/// </summary>
internal sealed class ValueParser
{
    // Where the entries being applied come from: the directory for relative includes, the path the
    // enclosing include sits at (substitutions are looked up there first), and the chain of open files.
    private sealed record Scope(string? Directory, IReadOnlyList<string> IncludePrefix, IReadOnlyList<string> OpenFiles, bool BindSelf);

    public ObjectNode Root { get; } = new(ConfigOrigin.Synthetic);

    /// <summary>Parses a file and applies it over everything applied before.</summary>
    /// <exception cref="ConfigException.Parse">The file cannot be read or is not valid HOCON.</exception>
    public void ApplyFile(string path)
    {
        var full = Path.GetFullPath(path);
        var doc = ParseDocument(full, ReadFile(full, null), path);
        ApplyEntries(Root, [], doc, new Scope(Path.GetDirectoryName(full), [], [full], BindSelf: true));
    }

    /// <summary>Parses text (named <paramref name="source"/> in errors) and applies it; includes resolve against <paramref name="directory"/>.</summary>
    public void ApplyText(string text, string source, string? directory = null)
    {
        var doc = DocumentParser.Parse(text, source);
        ApplyEntries(Root, [], doc, new Scope(directory, [], [], BindSelf: true));
    }

    // .properties files follow the Java syntax; everything else (.conf, .json) is HOCON, a superset of JSON.
    private static SyntaxObject ParseDocument(string full, string text, string source) =>
        full.EndsWith(".properties", StringComparison.OrdinalIgnoreCase) ? PropertiesParser.Parse(text, source) : DocumentParser.Parse(text, source);

    private static string ReadFile(string full, ConfigOrigin? includedFrom)
    {
        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException.Parse(includedFrom ?? new ConfigOrigin(full, 0), $"cannot read config file {full}: {e.Message}", e);
        }
    }

    private void ApplyEntries(ObjectNode target, IReadOnlyList<string> targetPath, SyntaxObject obj, Scope scope)
    {
        foreach (var entry in obj.Entries)
        {
            if (entry is SyntaxInclude include) ApplyInclude(target, targetPath, include, scope);
            else ApplyField(target, targetPath, (SyntaxField)entry, scope);
        }
    }

    private void ApplyField(ObjectNode target, IReadOnlyList<string> targetPath, SyntaxField field, Scope scope)
    {
        var path = targetPath.ToList();
        for (var i = 0; i < field.Path.Count - 1; i++)
        {
            target = ObjectAt(target, field.Path[i], field.Origin);
            path.Add(field.Path[i]);
        }
        var key = field.Path[^1];
        path.Add(key);
        var parts = field.Value.Parts;
        if (!field.Append && parts.Count == 1 && parts[0] is SyntaxObject literal)
        {
            ApplyEntries(ObjectAt(target, key, field.Origin), path, literal, scope);
            return;
        }
        Node node;
        if (field.Append)
        {
            // a += b means a = ${?a} [b]
            var plain = new SubstitutionNode([path], optional: true, field.Origin);
            var previous = scope.BindSelf ? Bind(plain, path, force: true) : new SubstitutionNode([path], true, field.Origin) { SelfReferential = true };
            var array = new ArrayNode([Build(field.Value, scope with { BindSelf = false }, null)], field.Value.Origin);
            node = new ConcatNode([previous, array], field.Origin);
        }
        else
        {
            node = Build(field.Value, scope, scope.BindSelf ? path : null);
        }
        Assign(target, key, node);
    }

    private static void Assign(ObjectNode target, string key, Node node)
    {
        var existing = target.Get(key);
        var mayBecomeObject = node is SubstitutionNode or ConcatNode or MergeNode;
        target.Set(key, existing is not null && mayBecomeObject ? new MergeNode(node, existing) : node);
    }

    // The object at `key` to merge fields into, created or stacked over the existing value as HOCON requires.
    private static ObjectNode ObjectAt(ObjectNode target, string key, ConfigOrigin origin)
    {
        switch (target.Get(key))
        {
            case ObjectNode existing:
                return existing;
            case MergeNode { Top: ObjectNode top }:
                return top;
            case SubstitutionNode or ConcatNode or MergeNode:
                var stacked = new ObjectNode(origin);
                target.Set(key, new MergeNode(stacked, target.Get(key)!));
                return stacked;
            default:
                // absent, or a plain value that an object simply replaces
                var created = new ObjectNode(origin);
                target.Set(key, created);
                return created;
        }
    }

    // selfPath: the absolute path of the field this value is assigned to, when self-references apply.
    private Node Build(SyntaxValue value, Scope scope, IReadOnlyList<string>? selfPath)
    {
        var single = value.Parts.Count == 1;
        var nodes = value.Parts.Select(part => BuildPart(part, scope, selfPath, single)).ToList();
        return single ? nodes[0] : new ConcatNode(nodes, value.Origin);
    }

    private Node BuildPart(SyntaxPart part, Scope scope, IReadOnlyList<string>? selfPath, bool single)
    {
        switch (part)
        {
            case SyntaxText text:
                return new ValueNode(single && !text.Quoted ? Scalar(text.Text, text.Origin) : new ConfigString(text.Text, text.Origin));
            case SyntaxWhitespace ws:
                return new WhitespaceNode(ws.Text, ws.Origin);
            case SyntaxSubstitution sub:
                var candidates = scope.IncludePrefix.Count == 0 ? [sub.Path] : new[] { scope.IncludePrefix.Concat(sub.Path).ToList(), sub.Path };
                var node = new SubstitutionNode(candidates, sub.Optional, sub.Origin);
                return selfPath is null ? node : Bind(node, selfPath, force: false);
            case SyntaxArray array:
                var inner = scope with { BindSelf = false };
                return new ArrayNode(array.Elements.Select(e => Build(e, inner, null)).ToList(), array.Origin);
            case SyntaxObject obj:
                // An object inside a concatenation or array stands alone; substitutions in it look forward.
                var standalone = new ObjectNode(obj.Origin);
                ApplyEntries(standalone, selfPath ?? [], obj, scope with { BindSelf = false });
                return standalone;
            default:
                throw new ConfigException.Bug($"unknown syntax part {part.GetType().Name}");
        }
    }

    private static ConfigValue Scalar(string text, ConfigOrigin origin) => text switch
    {
        "true" => new ConfigBoolean(true, origin),
        "false" => new ConfigBoolean(false, origin),
        "null" => new ConfigNull(origin),
        _ when ConfigNumber.IsNumber(text) => new ConfigNumber(text, origin),
        _ => new ConfigString(text, origin),
    };

    // A substitution whose path starts with the field's own path would cycle if it looked forward, so it
    // looks backward: it gets a snapshot of what the tree held at that path before this assignment.
    private SubstitutionNode Bind(SubstitutionNode sub, IReadOnlyList<string> selfPath, bool force)
    {
        var path = sub.Candidates[0];
        var isSelf = force || (path.Count >= selfPath.Count && selfPath.SequenceEqual(path.Take(selfPath.Count)));
        if (!isSelf) return sub;
        var first = Root.Get(path[0]);
        return new SubstitutionNode([path], sub.Optional, sub.Origin)
        {
            SelfReferential = true,
            Prior = first is null ? null : ObjectNode.Snapshot(first),
        };
    }

    private void ApplyInclude(ObjectNode target, IReadOnlyList<string> targetPath, SyntaxInclude include, Scope scope)
    {
        if (include.Kind is IncludeKind.Url or IncludeKind.Classpath)
            throw new ConfigException.Parse(include.Origin, $"include {include.Kind.ToString().ToLowerInvariant()}(\"{include.Name}\") is not supported by Fleet; use include \"file.conf\" or include file(\"…\")");
        var file = FindIncludedFile(include, scope.Directory);
        if (file is null)
        {
            if (!include.Required) return; // a missing optional include is silently an empty object
            throw new ConfigException.Parse(include.Origin, $"required include \"{include.Name}\" was not found (looked in {scope.Directory ?? Directory.GetCurrentDirectory()}, also with .conf, .json and .properties)");
        }
        if (scope.OpenFiles.Contains(file))
            throw new ConfigException.Parse(include.Origin, $"include cycle: {string.Join(" -> ", scope.OpenFiles.Append(file))}");
        var doc = ParseDocument(file, ReadFile(file, include.Origin), file);
        var inner = new Scope(Path.GetDirectoryName(file), targetPath, scope.OpenFiles.Append(file).ToList(), scope.BindSelf);
        ApplyEntries(target, targetPath, doc, inner);
    }

    private static string? FindIncludedFile(SyntaxInclude include, string? directory)
    {
        var baseDir = directory ?? Directory.GetCurrentDirectory();
        var full = Path.GetFullPath(Path.Combine(baseDir, include.Name));
        if (File.Exists(full)) return full;
        if (Path.HasExtension(include.Name)) return null;
        return new[] { ".conf", ".json", ".properties" }.Select(ext => full + ext).FirstOrDefault(File.Exists);
    }
}
