namespace Fleet.Actors;

/// <summary>
/// The hierarchical name of an actor, e.g. <c>/user/arms/arm-1/servo</c>. A path names a position in the
/// tree, not an incarnation: an actor that stopped and a new actor created under the same name share the
/// path but not the <see cref="IActorRef"/>.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private string? _text;

    private ActorPath(ActorPath? parent, string name)
    {
        Parent = parent;
        Name = name;
    }

    /// <summary>The parent path; <c>null</c> only for the root (<c>/</c>).</summary>
    public ActorPath? Parent { get; }

    /// <summary>The last element of the path; empty for the root.</summary>
    public string Name { get; }

    /// <summary>Creates the root path <c>/</c> of an actor system.</summary>
    internal static ActorPath CreateRoot() => new(null, string.Empty);

    /// <summary>The path of a child named <paramref name="name"/> below this one.</summary>
    public ActorPath Child(string name) => new(this, name);

    /// <summary>The names from the root down to this actor, the root excluded.</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var list = new List<string>();
            for (var p = this; p.Parent is not null; p = p.Parent) list.Add(p.Name);
            list.Reverse();
            return list;
        }
    }

    /// <summary>The slash-separated form, e.g. <c>/user/arms/arm-1</c>; the root is <c>/</c>.</summary>
    public override string ToString() => _text ??= Parent is null ? "/" : Parent.Parent is null ? "/" + Name : Parent + "/" + Name;

    /// <inheritdoc />
    public bool Equals(ActorPath? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ActorPath p && Equals(p);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
}
