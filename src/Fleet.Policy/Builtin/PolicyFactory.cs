using Fleet.Policy.Abstractions;

namespace Fleet.Policy.Builtin;

/// <summary>
/// Creates policies by type name from <see cref="PolicySettings"/>. <see cref="WithBuiltins"/> knows
/// <c>hold</c>, <c>sinusoid</c> and <c>trajectory_replay</c>; learned policies (ACT, SmolVLA) add themselves
/// with <see cref="Register"/>. One instance per node, filled at start and then only read.
/// </summary>
public sealed class PolicyFactory
{
    private readonly Dictionary<string, Func<PolicySettings, IPolicy>> _creators = new(StringComparer.Ordinal);

    /// <summary>The registered type names, sorted.</summary>
    public IReadOnlyList<string> KnownTypes => _creators.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>A factory with the built-in policies registered.</summary>
    public static PolicyFactory WithBuiltins()
    {
        var factory = new PolicyFactory();
        factory.Register(HoldPolicy.TypeName, s => new HoldPolicy(new HoldPolicyOptions(
            s.GetInt("joints", 6), s.GetInt("chunk-size", 50), s.GetDuration("simulated-latency"))));
        factory.Register(SinusoidPolicy.TypeName, s => new SinusoidPolicy(new SinusoidPolicyOptions(
            s.GetInt("joints", 6), s.GetInt("chunk-size", 50), s.GetDouble("fps", 30),
            s.GetFloats("amplitude"), s.GetFloats("frequency"), s.GetFloats("phase"), s.GetFloats("offset"),
            s.GetDuration("simulated-latency"))));
        factory.Register(TrajectoryReplayPolicy.TypeName, CreateTrajectoryReplay);
        return factory;
    }

    /// <summary>Registers a policy type; the creator reads its options from the settings.</summary>
    /// <exception cref="ArgumentException">The type name is empty or already registered.</exception>
    public void Register(string type, Func<PolicySettings, IPolicy> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(create);
        if (!_creators.TryAdd(type, create))
            throw new ArgumentException($"Policy type '{type}' is registered twice; each type needs one creator.", nameof(type));
    }

    /// <summary>Creates a policy of <paramref name="type"/> with <paramref name="settings"/>.</summary>
    /// <exception cref="UnknownPolicyTypeException">No such type; the message lists the known ones.</exception>
    /// <exception cref="ArgumentException">An option is out of range (from the policy).</exception>
    /// <exception cref="FormatException">An option is malformed; the message names the key.</exception>
    public IPolicy Create(string type, PolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!_creators.TryGetValue(type, out var create))
            throw new UnknownPolicyTypeException(type, KnownTypes, settings.Origin);
        return create(settings);
    }

    /// <summary>Creates a policy of <paramref name="type"/> from key/value options.</summary>
    public IPolicy Create(string type, IReadOnlyDictionary<string, string>? options = null) =>
        Create(type, new PolicySettings(type, options ?? new Dictionary<string, string>()));

    private static IPolicy CreateTrajectoryReplay(PolicySettings s)
    {
        var path = s.GetString("path")
            ?? throw new ArgumentException(
                $"{(s.Origin.Length > 0 ? s.Origin + ": " : "")}policy 'trajectory_replay' needs path = the CSV file of waypoints (one per line).");
        if (!File.Exists(path))
            throw new ArgumentException(
                $"{(s.Origin.Length > 0 ? s.Origin + ": " : "")}policy 'trajectory_replay': path '{path}' does not exist.");
        // Construction is synchronous (config load at start); the file is small.
        var waypoints = TrajectoryCsv.Parse(File.ReadAllLines(path), path);
        return new TrajectoryReplayPolicy(new TrajectoryReplayPolicyOptions(
            waypoints, s.GetInt("chunk-size", 50), s.GetBool("loop", false), s.GetDuration("simulated-latency")));
    }
}

/// <summary>A policy type nobody registered; the message lists the known ones.</summary>
public sealed class UnknownPolicyTypeException(string type, IReadOnlyList<string> known, string origin = "")
    : ArgumentException(
        $"{(origin.Length > 0 ? origin + ": " : "")}unknown policy type '{type}'. Known types: {string.Join(", ", known)}. " +
        "ACT and SmolVLA are available once their modules are registered.")
{
    /// <summary>The type asked for.</summary>
    public string Type { get; } = type;

    /// <summary>The types that exist.</summary>
    public IReadOnlyList<string> Known { get; } = known;
}
