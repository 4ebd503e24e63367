using Fleet.Actors.PolicyPool;
using Fleet.Node.Config;
using System.Text.Json;
using Fleet.Policy;
using Fleet.Policy.Act;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Builtin;

namespace Fleet.Node.Fleets;

/// <summary>One entry of <c>fleet.policies</c>: a policy type, its own settings, and its lane in the embedded pool.</summary>
/// <param name="Name">The entry's key (what arms name in <c>policy</c>).</param>
/// <param name="Type">sinusoid, hold, trajectory_replay, act or smolvla.</param>
/// <param name="Settings">The type's own keys as text (lists joined with commas), for <see cref="PolicyFactory"/>.</param>
/// <param name="Pool">Workers, queue and batching of its lane.</param>
/// <param name="Origin">Where the entry was written.</param>
public sealed record PolicyDefinition(string Name, string Type, PolicySettings Settings, LocalPolicyPoolOptions Pool, ConfigOrigin? Origin)
{
    /// <summary>The policy factory the node uses: the built-ins plus ACT and SmolVLA from LeRobot checkpoint folders.</summary>
    public static PolicyFactory CreateFactory()
    {
        var factory = PolicyFactory.WithBuiltins();
        factory.Register("act", s => LeRobotPolicyLoader.Load("act",
            s.GetString("path") ?? throw new ArgumentException($"{s.Origin}: policy '{s.Policy}' of type act needs path = a LeRobot checkpoint folder."),
            s.Values.ContainsKey("threads") ? s.GetInt("threads", 1) : null,
            s.Values.ContainsKey("temporal_ensemble_coeff") ? s.GetDouble("temporal_ensemble_coeff", 0.01) : null));
        factory.Register("smolvla", s => LeRobotPolicyLoader.Load("smolvla",
            s.GetString("path") ?? throw new ArgumentException($"{s.Origin}: policy '{s.Policy}' of type smolvla needs path = a LeRobot checkpoint folder."),
            s.Values.ContainsKey("threads") ? s.GetInt("threads", 1) : null));
        return factory;
    }

    /// <summary>Binds every entry of <c>fleet.policies</c>.</summary>
    /// <exception cref="ConfigException">An entry without a type, or a bad pool value.</exception>
    public static IReadOnlyDictionary<string, PolicyDefinition> FromConfig(FleetConfig config)
    {
        var policies = config.GetConfig("fleet.policies");
        var result = new Dictionary<string, PolicyDefinition>(StringComparer.Ordinal);
        foreach (var (name, value) in policies.Root)
        {
            var path = $"fleet.policies.{ConfigPath.RenderKey(name)}";
            if (value is not ConfigObject entry)
                throw new ConfigException.WrongType(value.Origin, path, "object { type = ..., ... }", value.TypeName);
            var type = entry.Get("type") is { ConcatText: { } t } and not ConfigNull ? t
                : throw new ConfigException.Missing(entry.Origin, $"{path}.type", "every policy needs a type: sinusoid, hold, trajectory_replay, act or smolvla");
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, v) in entry)
            {
                if (key is "type" or "pool") continue;
                settings[key] = v switch
                {
                    ConfigList list => string.Join(",", list.Select(item => item.ConcatText)),
                    ConfigObject => throw new ConfigException.WrongType(v.Origin, $"{path}.{key}", "a value or a list", "object"),
                    _ => v.ConcatText ?? "",
                };
            }
            result[name] = new PolicyDefinition(name, type, new PolicySettings(name, settings, entry.Origin.ToFileLine()), BindPool(entry, path), entry.Origin);
        }
        return result;
    }

    /// <summary>Makes one instance of the policy; the message of a failure names the entry's file:line.</summary>
    /// <exception cref="ConfigException">Unknown type or a bad setting.</exception>
    public IPolicy Create(PolicyFactory factory)
    {
        try
        {
            return factory.Create(Type, Settings);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidDataException)
        {
            throw new ConfigException.BadValue(Origin, $"fleet.policies.{ConfigPath.RenderKey(Name)}", e.Message);
        }
    }

    /// <summary>
    /// What an arm needs to know of this policy (chunk size, state and action sizes, cameras, temporal ensembling).
    /// With <paramref name="remote"/> (placement <c>cluster</c>: the policy runs on policy nodes) an ACT policy is
    /// described from its checkpoint's <c>config.json</c> alone, so the robot node neither needs the weights nor spends
    /// the time and memory to load them; everything else is made and asked, as the embedded pool would.
    /// </summary>
    /// <exception cref="ConfigException">Unknown type, a bad setting, or an unreadable checkpoint config; the message names the entry's file:line.</exception>
    public PolicyDescriptor Describe(PolicyFactory factory, bool remote)
    {
        if (!remote || Type != "act")
        {
            using var policy = Create(factory);
            return policy.Descriptor;
        }
        try
        {
            return DescribeActFromConfigJson();
        }
        catch (Exception e) when (e is CheckpointException or IOException or JsonException or ArgumentException or UnauthorizedAccessException)
        {
            throw new ConfigException.BadValue(Origin, $"fleet.policies.{ConfigPath.RenderKey(Name)}", e.Message);
        }
    }

    private PolicyDescriptor DescribeActFromConfigJson()
    {
        var folder = Settings.GetString("path") ?? throw new ArgumentException($"{Settings.Origin}: policy '{Name}' of type act needs path = a LeRobot checkpoint folder.");
        var file = System.IO.Path.Combine(folder, "config.json");
        if (!File.Exists(file))
            throw new CheckpointException($"{file}: not found; a robot node with placement = cluster reads the ACT policy's config.json (chunk size, cameras) from its checkpoint folder.");
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var config = ActConfig.Parse(json.RootElement, file);
        var coeff = Settings.Values.ContainsKey("temporal_ensemble_coeff") ? Settings.GetDouble("temporal_ensemble_coeff", 0.01) : config.TemporalEnsembleCoeff;
        return new PolicyDescriptor("act", config.ChunkSize, config.StateDim, config.ActionDim,
            config.Images.Select(i => new ImageSpec(ActPolicy.CameraKey(i.Key), i.Height, i.Width)).ToList())
        {
            TemporalEnsembleCoeff = coeff,
        };
    }

    private static LocalPolicyPoolOptions BindPool(ConfigObject entry, string path)
    {
        var defaults = new LocalPolicyPoolOptions();
        if (entry.Get("pool") is not ConfigObject pool) return defaults;
        var config = new FleetConfig(pool);
        int Int(string key, int fallback) => config.HasPath(key) ? config.GetInt(key) : fallback;
        foreach (var (key, v) in pool)
            if (key is not ("workers" or "queue-capacity" or "max-batch" or "max-wait"))
                throw new ConfigException.BadValue(v.Origin, $"{path}.pool.{key}", "unknown key; a pool has workers, queue-capacity, max-batch and max-wait");
        try
        {
            return new LocalPolicyPoolOptions(
                Int("workers", defaults.Workers), Int("queue-capacity", defaults.QueueCapacity), Int("max-batch", defaults.MaxBatch),
                config.HasPath("max-wait") ? config.GetDuration("max-wait") : defaults.MaxWait).Validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException.BadValue(pool.Origin, $"{path}.pool", e.Message);
        }
    }
}
