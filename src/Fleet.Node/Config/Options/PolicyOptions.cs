namespace Fleet.Node.Config.Options;

/// <summary>Binds <c>fleet.policy</c>: where inference runs.</summary>
/// <param name="Placement"><c>embedded</c> (in this process) or <c>cluster</c> (RabbitMQ queues served by GPU nodes).</param>
/// <param name="RequestTimeout">How long an arm waits for an action chunk before re-requesting.</param>
public sealed record PolicyOptions(string Placement, TimeSpan RequestTimeout)
{
    /// <summary>Reads <c>fleet.policy</c>.</summary>
    /// <exception cref="ConfigException.BadValue">An unknown placement or a non-positive timeout.</exception>
    public static PolicyOptions FromConfig(FleetConfig config)
    {
        var placement = ActorsOptions.OneOf(config, "fleet.policy.placement", "embedded", "cluster");
        var timeout = config.GetDuration("fleet.policy.request-timeout");
        if (timeout <= TimeSpan.Zero)
            throw new ConfigException.BadValue(config.OriginOf("fleet.policy.request-timeout"), "fleet.policy.request-timeout", "must be a positive duration such as 500ms");
        return new PolicyOptions(placement, timeout);
    }
}
