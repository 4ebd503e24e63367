namespace Fleet.Node.Config.Options;

/// <summary>Binds <c>fleet.actors</c>: dispatcher and default mailbox settings for the actor kernel.</summary>
/// <param name="Throughput">User messages an actor handles per turn before its thread moves on.</param>
/// <param name="MailboxType"><c>unbounded</c> or <c>bounded</c>.</param>
/// <param name="MailboxCapacity">Capacity of a bounded mailbox.</param>
/// <param name="MailboxOverflow"><c>drop-newest</c>, <c>drop-oldest</c> or <c>wait</c>.</param>
public sealed record ActorsOptions(int Throughput, string MailboxType, int MailboxCapacity, string MailboxOverflow)
{
    /// <summary>Reads <c>fleet.actors</c>.</summary>
    /// <exception cref="ConfigException.BadValue">A count is not positive or a mode is unknown.</exception>
    public static ActorsOptions FromConfig(FleetConfig config)
    {
        var throughput = Positive(config, "fleet.actors.default-dispatcher.throughput");
        var type = OneOf(config, "fleet.actors.default-mailbox.type", "unbounded", "bounded");
        var capacity = Positive(config, "fleet.actors.default-mailbox.capacity");
        var overflow = OneOf(config, "fleet.actors.default-mailbox.overflow", "drop-newest", "drop-oldest", "wait");
        return new ActorsOptions(throughput, type, capacity, overflow);
    }

    internal static int Positive(FleetConfig config, string path)
    {
        var value = config.GetInt(path);
        return value > 0 ? value : throw new ConfigException.BadValue(config.OriginOf(path), path, $"must be a positive whole number but is {value}");
    }

    internal static string OneOf(FleetConfig config, string path, params string[] allowed)
    {
        var value = config.GetString(path);
        return allowed.Contains(value) ? value
            : throw new ConfigException.BadValue(config.OriginOf(path), path, $"\"{value}\" is not allowed; use one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}");
    }
}
