using Fleet.Actors;
using Fleet.Actors.Arm;
using Fleet.Actors.Fleets;
using Fleet.Actors.PolicyPool;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.So101;
using Fleet.Node.Admin;
using Fleet.Node.Config;
using Fleet.Node.Config.Options;
using Fleet.Policy.Abstractions;

namespace Fleet.Node.Fleets;

/// <summary>
/// A running fleet built from configuration: the actor system, the policy pool (/user/policy-pool: embedded, or the
/// remote pool of <see cref="NodeCluster"/> with <c>fleet.policy.placement = "cluster"</c>), the
/// fleet supervisor (/user/fleet) with one arm supervisor per <c>fleet.arms</c> element, and the simulators of
/// simulated arms. Shutdown goes through the actor system's <see cref="CoordinatedShutdown"/>: stop-intake holds
/// every arm (no more requests, no more actions), hold-arms ends the servo loops and applies the torque policy
/// (torque off unless <c>robot.keep-torque-on-exit</c>), stop-actors terminates the system.
/// </summary>
public sealed class FleetRuntime : IAsyncDisposable
{
    private readonly ServoBusHost? _simulators;
    private readonly IReadOnlyList<SimulatedArmBus?> _simulatedArms;

    private readonly IDisposable _eventLog;

    private FleetRuntime(ActorSystem system, IActorRef fleet, IActorRef pool, IReadOnlyList<ArmOptions> arms,
        ServoBusHost? simulators, IReadOnlyList<SimulatedArmBus?> simulatedArms, NodeCluster? cluster, LogRing logs)
    {
        System = system;
        Logs = logs;
        _eventLog = EventStreamLog.Attach(system, logs);
        Cluster = cluster;
        Fleet = fleet;
        Pool = pool;
        Arms = arms;
        _simulators = simulators;
        _simulatedArms = simulatedArms;
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseStopIntake, "hold-every-arm",
            _ => fleet.Ask<List<ArmHeld>>(new HoldArm(), FleetSupervisor.ArmTimeout));
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseHoldArms, "apply-torque-policy", async _ =>
            Released = await fleet.Ask<List<ArmReleased>>(new ReleaseArm(KeepTorque: false), FleetSupervisor.ArmTimeout));
        // After hold-arms the servo loops have ended and published their last counters: this is the final status.
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseFlushRecordings, "final-status", async _ =>
            FinalStatus = await fleet.Ask<FleetStatus>(new GetFleetStatus(), FleetSupervisor.ArmTimeout));
    }

    /// <summary>Every arm's status as the shutdown found it after the arms were released; null before that.</summary>
    public FleetStatus? FinalStatus { get; private set; }

    /// <summary>What releasing each arm did (torque disabled or why not); null before the hold-arms phase.</summary>
    public IReadOnlyList<ArmReleased>? Released { get; private set; }

    /// <summary>
    /// The node's newest log lines (<c>fleet log</c>, <c>/api/logs</c>): the cluster layer's log (broker lost, reconnects,
    /// membership, dead-lettered requests) at <c>fleet.logging.level</c>, arm alarms, and actor failures.
    /// </summary>
    public LogRing Logs { get; }

    /// <summary>The node's actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>The fleet supervisor.</summary>
    public IActorRef Fleet { get; }

    /// <summary>The arms' policy pool: the embedded one, or the remote one when <c>fleet.policy.placement = "cluster"</c>.</summary>
    public IActorRef Pool { get; }

    /// <summary>This node's part in the cluster, or null when <c>fleet.cluster.enabled</c> is false.</summary>
    public NodeCluster? Cluster { get; }

    /// <summary>The arms, as configured.</summary>
    public IReadOnlyList<ArmOptions> Arms { get; }

    /// <summary>The simulators of simulated arms, by arm id (tests inject faults and read registers through them).</summary>
    public IReadOnlyDictionary<string, ServoBusSimulator> Simulators =>
        Arms.Zip(_simulatedArms).Where(p => p.Second is not null).ToDictionary(p => p.First.Id, p => p.Second!.Simulator);

    /// <summary>
    /// Checks the configuration, opens every arm's bus and cameras, loads the policies, then starts the actors.
    /// </summary>
    /// <param name="config">The merged configuration.</param>
    /// <param name="environment">Environment lookup (calibration folders).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ConfigException">A configuration mistake, named with the arm, its key (file:line) and the remedy.</exception>
    public static async Task<FleetRuntime> StartAsync(FleetConfig config, Func<string, string?>? environment, CancellationToken cancellationToken)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var arms = ArmOptions.FromConfig(config);
        var roles = NodeOptions.FromConfig(config).Roles;
        var policies = PolicyDefinition.FromConfig(config);
        var factory = PolicyDefinition.CreateFactory();
        // Placement cluster: the arms' policies run on policy nodes, so ACT is described from config.json alone.
        var descriptors = CheckPolicies(arms, policies, factory, PolicyOptions.FromConfig(config).Placement == "cluster");
        var phases = ShutdownOptions.FromConfig(config).Phases.Select(p => new Fleet.Actors.ShutdownPhase(p.Name, p.Timeout)).ToList();
        var stopTorqueOff = ClusterOptions.FromConfig(config).StopDisablesTorque;
        CheckRoles(config, arms, roles, policies);
        // The broker first: a node that cannot reach it refuses to start before any arm is touched.
        var logs = new LogRing();
        var cluster = await NodeCluster.ConnectAsync(config, logs, cancellationToken);

        ServoBusHost? host = arms.Any(a => a.Robot.IsSimulated) ? new ServoBusHost() : null;
        var simulators = new List<SimulatedArmBus?>();
        var followers = new List<So101Follower>();
        try
        {
            foreach (var arm in arms)
            {
                var simulator = host is null ? null : ArmHardware.StartSimulator(arm, host);
                simulators.Add(simulator);
                followers.Add(await ArmHardware.OpenFollowerAsync(arm, simulator?.PortPath ?? arm.Robot.Port!, environment, cancellationToken));
                await ArmHardware.CheckCamerasAsync(arm, cancellationToken);
            }
        }
        catch
        {
            foreach (var f in followers) f.Dispose();
            foreach (var s in simulators) s?.Dispose();
            host?.Dispose();
            if (cluster is not null) await cluster.DisposeAsync();
            throw;
        }

        if (cluster is not null && roles.Contains("policy")) phases = StretchStopIntake(phases, cluster.LeaveBound);
        var system = ActorSystem.Create("fleet", new ActorSystemSettings { ShutdownPhases = phases });
        var registrations = policies.Values
            .Where(p => arms.Any(a => a.Policy == p.Name))
            .ToDictionary(p => p.Name, p => new PolicyRegistration(() => p.Create(factory), p.Pool));
        var pool = cluster is { RemotePlacement: true } ? cluster.CreatePool(system) : system.ActorOf(LocalPolicyPool.Props(registrations), "policy-pool");
        var settings = arms.Select((arm, i) => ToSettings(arm, followers[i], descriptors[arm.Policy]) with { StopDisablesTorque = stopTorqueOff }).ToList();
        var fleet = system.ActorOf(FleetSupervisor.Props(settings, pool), "fleet");
        var runtime = new FleetRuntime(system, fleet, pool, arms, host, simulators, cluster, logs);
        if (cluster is not null)
        {
            try
            {
                await cluster.StartAsync(system, arms.Select(a => a.Id).ToList(), policies, factory, cancellationToken);
            }
            catch
            {
                await runtime.DisposeAsync();
                throw;
            }
        }
        return runtime;
    }

    /// <summary>Every arm's status.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public Task<FleetStatus> StatusAsync(CancellationToken cancellationToken = default) =>
        Fleet.Ask<FleetStatus>(new GetFleetStatus(), TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary>Runs the coordinated shutdown (idempotent) and waits for the actor system to terminate.</summary>
    /// <param name="reason">Why.</param>
    public async Task<ShutdownReport> ShutdownAsync(ShutdownReason reason)
    {
        var report = await System.CoordinatedShutdown.Run(reason);
        await System.WhenTerminated;
        return report;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync(new ShutdownReason("disposed"));
        _eventLog.Dispose();
        if (Cluster is not null) await Cluster.DisposeAsync();
        foreach (var s in _simulatedArms) s?.Dispose();
        _simulators?.Dispose();
    }

    // A leaving policy node finishes its batch in stop-intake (NodeCluster.LeaveAsync); a long ACT batch can outlast the
    // configured phase, so on a policy node the phase lasts at least as long as the leave may take.
    private static List<Fleet.Actors.ShutdownPhase> StretchStopIntake(List<Fleet.Actors.ShutdownPhase> phases, TimeSpan leave) =>
        phases.Select(p => p.Name == CoordinatedShutdown.PhaseStopIntake && p.Timeout < leave ? p with { Timeout = leave } : p).ToList();

    private static ArmSettings ToSettings(ArmOptions arm, So101Follower follower, PolicyDescriptor policy) =>
        new(arm.Id, follower, arm.Cameras.Select(c => (Func<Hardware.Cameras.ICamera>)c.Create).ToList(), arm.Policy, policy.ChunkSize, arm.Task,
            arm.Fps, InferenceFor(arm.Inference, policy), arm.Filter)
        {
            MaxConsecutiveBusFaults = arm.MaxBusFaults,
            PolicyAlarmAfter = arm.PolicyAlarmAfter,
            KeepTorqueOnExit = arm.Robot.KeepTorqueOnExit,
        };

    // A robot node needs arms; a policy-only node needs policies to serve (and a cluster to serve them to).
    private static void CheckRoles(FleetConfig config, IReadOnlyList<ArmOptions> arms, IReadOnlyList<string> roles, IReadOnlyDictionary<string, PolicyDefinition> policies)
    {
        if (roles.Contains("policy") && !config.GetBoolean("fleet.cluster.enabled"))
            throw new ConfigException.BadValue(config.OriginOf("fleet.node.roles"), "fleet.node.roles",
                "has the role policy, which serves policies to other nodes through the cluster, but fleet.cluster.enabled is false; enable the cluster or drop the role");
        if (roles.Contains("policy") && policies.Count == 0)
            throw new ConfigException.BadValue(config.OriginOf("fleet.policies"), "fleet.policies",
                "a node with the role policy serves the policies of fleet.policies, and none are defined (e.g. policies { sine { type = sinusoid } })");
        if (arms.Count == 0 && !roles.Contains("policy"))
            throw new ConfigException.BadValue(config.OriginOf("fleet.arms"), "fleet.arms", "no arms are configured; add at least one (see arms-template in hocon/fleet.conf, or try `fleet demo`)");
        if (arms.Count > 0 && !roles.Contains("robot"))
            throw new ConfigException.BadValue(config.OriginOf("fleet.node.roles"), "fleet.node.roles",
                $"lacks the role robot, but fleet.arms configures {arms.Count} arm(s); add robot to the roles or remove the arms");
    }

    /// <summary>
    /// The arm's inference settings for <paramref name="policy"/>: a policy that declares temporal ensembling (ACT's
    /// <c>temporal_ensemble_coeff</c>, from config.json or the fleet config's policy entry) has its chunks merged by
    /// ACT's temporal ensembling, overriding the arm's <c>aggregate</c>, because that is how the policy was meant to be run.
    /// </summary>
    internal static AsyncInferenceOptions InferenceFor(AsyncInferenceOptions arm, PolicyDescriptor policy) =>
        policy.TemporalEnsembleCoeff is { } coeff ? arm with { Aggregation = ChunkAggregation.TemporalEnsemble(coeff) } : arm;

    // Every arm names a defined policy whose actions fit an SO-101; returns each used policy's descriptor.
    private static Dictionary<string, PolicyDescriptor> CheckPolicies(
        IReadOnlyList<ArmOptions> arms, IReadOnlyDictionary<string, PolicyDefinition> policies, Policy.Builtin.PolicyFactory factory, bool remote)
    {
        var descriptors = new Dictionary<string, PolicyDescriptor>(StringComparer.Ordinal);
        foreach (var arm in arms)
        {
            if (!policies.TryGetValue(arm.Policy, out var definition))
                throw new ConfigException.BadValue(arm.Origin, $"{arm.Path}.policy",
                    $"arm \"{arm.Id}\": no policy named \"{arm.Policy}\" in fleet.policies" +
                    (policies.Count == 0 ? " (none are defined; add one, e.g. policies { sine { type = sinusoid } })" : $" (defined: {string.Join(", ", policies.Keys)})"));
            if (descriptors.ContainsKey(arm.Policy)) continue;
            var d = definition.Describe(factory, remote);
            if (d.ActionDim != 6 || d.StateDim != 6)
                throw new ConfigException.BadValue(definition.Origin, $"fleet.policies.{arm.Policy}",
                    $"policy \"{arm.Policy}\" (used by arm \"{arm.Id}\") reads {d.StateDim} state values and writes {d.ActionDim} actions; an SO-101 has 6 joints");
            descriptors[arm.Policy] = d;
        }
        return descriptors;
    }
}
