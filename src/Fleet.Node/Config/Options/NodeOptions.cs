namespace Fleet.Node.Config.Options;

/// <summary>Binds <c>fleet.node</c>: who this node is.</summary>
/// <param name="Name">The node's name, unique within a cluster.</param>
/// <param name="Roles">What the node does: <c>robot</c>, <c>policy</c>, or both.</param>
public sealed record NodeOptions(string Name, IReadOnlyList<string> Roles)
{
    /// <summary>The roles Fleet knows.</summary>
    public static IReadOnlyList<string> KnownRoles { get; } = ["robot", "policy"];

    /// <summary>Reads <c>fleet.node</c>.</summary>
    /// <exception cref="ConfigException.BadValue">The name is empty or a role is unknown.</exception>
    public static NodeOptions FromConfig(FleetConfig config)
    {
        var name = config.GetString("fleet.node.name");
        if (string.IsNullOrWhiteSpace(name))
            throw new ConfigException.BadValue(config.OriginOf("fleet.node.name"), "fleet.node.name", "must not be empty");
        var roles = config.GetStringList("fleet.node.roles");
        var unknown = roles.FirstOrDefault(r => !KnownRoles.Contains(r));
        if (unknown is not null)
            throw new ConfigException.BadValue(config.OriginOf("fleet.node.roles"), "fleet.node.roles", $"unknown role \"{unknown}\"; use {string.Join(" or ", KnownRoles)}");
        return new NodeOptions(name, roles);
    }
}
