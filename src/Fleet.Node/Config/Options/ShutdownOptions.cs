namespace Fleet.Node.Config.Options;

/// <summary>One coordinated-shutdown phase: its name and how long it may take.</summary>
/// <param name="Name">The phase name as written in <c>fleet.shutdown.phases</c>.</param>
/// <param name="Timeout">The longest the phase may run before shutdown moves on.</param>
public sealed record ShutdownPhase(string Name, TimeSpan Timeout);

/// <summary>Binds <c>fleet.shutdown</c>: the coordinated-shutdown phases, in the order they run.</summary>
/// <param name="Phases">The phases in run order.</param>
public sealed record ShutdownOptions(IReadOnlyList<ShutdownPhase> Phases)
{
    /// <summary>The sum of the phase timeouts: the longest a graceful stop can take.</summary>
    public TimeSpan Total => Phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Timeout);

    /// <summary>Reads <c>fleet.shutdown.phases</c>, keeping the order in which the phases are written.</summary>
    /// <exception cref="ConfigException.BadValue">A timeout is not a positive duration.</exception>
    public static ShutdownOptions FromConfig(FleetConfig config)
    {
        var phases = config.GetConfig("fleet.shutdown.phases");
        var list = phases.Root.Keys.Select(name =>
        {
            var path = ConfigPath.RenderKey(name);
            var timeout = phases.GetDuration(path);
            if (timeout <= TimeSpan.Zero)
                throw new ConfigException.BadValue(phases.OriginOf(path), $"fleet.shutdown.phases.{name}", "the timeout must be a positive duration such as 5s");
            return new ShutdownPhase(name, timeout);
        }).ToList();
        return new ShutdownOptions(list);
    }
}
