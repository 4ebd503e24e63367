using Fleet.Node.Fleets;

namespace Fleet.Node.Config.Options;

/// <summary>All of Fleet's typed options, one record per section of <c>hocon/fleet.conf</c>.</summary>
/// <param name="Node"><c>fleet.node</c>.</param>
/// <param name="Actors"><c>fleet.actors</c>.</param>
/// <param name="Admin"><c>fleet.admin</c>.</param>
/// <param name="Logging"><c>fleet.logging</c>.</param>
/// <param name="Shutdown"><c>fleet.shutdown</c>.</param>
/// <param name="Arms"><c>fleet.arms</c>.</param>
/// <param name="Policy"><c>fleet.policy</c>.</param>
/// <param name="Recording"><c>fleet.recording</c>.</param>
/// <param name="Cluster"><c>fleet.cluster</c>.</param>
public sealed record FleetOptions(
    NodeOptions Node,
    ActorsOptions Actors,
    AdminOptions Admin,
    LoggingOptions Logging,
    ShutdownOptions Shutdown,
    IReadOnlyList<ArmOptions> Arms,
    PolicyOptions Policy,
    RecordingOptions Recording,
    ClusterOptions Cluster)
{
    /// <summary>Binds every section; the first bad value raises its <see cref="ConfigException"/>.</summary>
    public static FleetOptions FromConfig(FleetConfig config) => new(
        NodeOptions.FromConfig(config),
        ActorsOptions.FromConfig(config),
        AdminOptions.FromConfig(config),
        LoggingOptions.FromConfig(config),
        ShutdownOptions.FromConfig(config),
        ArmOptions.FromConfig(config),
        PolicyOptions.FromConfig(config),
        RecordingOptions.FromConfig(config),
        ClusterOptions.FromConfig(config));
}
