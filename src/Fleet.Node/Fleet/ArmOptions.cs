using Fleet.Actors.Arm;
using Fleet.Node.Config;

namespace Fleet.Node.Fleets;

/// <summary>One element of <c>fleet.arms</c>, bound and checked (see arms-template in hocon/fleet.conf).</summary>
/// <param name="Id">The arm's id, unique on the node.</param>
/// <param name="Path">The element's config path, e.g. <c>fleet.arms[2]</c>, for error messages.</param>
/// <param name="Robot">The robot section.</param>
/// <param name="Cameras">The cameras.</param>
/// <param name="Policy">The policy's name (a key of fleet.policies).</param>
/// <param name="Task">The task text.</param>
/// <param name="Fps">Control ticks per second.</param>
/// <param name="Inference">g, aggregate, max-in-flight, deadline, mode.</param>
/// <param name="Filter">The observation filter's thresholds.</param>
/// <param name="MaxBusFaults">Failed ticks in a row before the arm stops.</param>
/// <param name="PolicyAlarmAfter">Failed requests in a row before the policy alarm.</param>
/// <param name="Origin">Where the element was written.</param>
public sealed record ArmOptions(
    string Id, string Path, RobotOptions Robot, IReadOnlyList<CameraOptions> Cameras, string Policy, string Task, double Fps,
    AsyncInferenceOptions Inference, ObservationFilterOptions Filter, int MaxBusFaults, int PolicyAlarmAfter, ConfigOrigin? Origin)
{
    /// <summary>Binds every element of <c>fleet.arms</c>; fails on the first mistake with its file:line and the fix.</summary>
    /// <exception cref="ConfigException">A missing or bad key, or two arms with one id.</exception>
    public static IReadOnlyList<ArmOptions> FromConfig(FleetConfig config)
    {
        var template = config.GetConfig("fleet.arms-template").Root;
        var defaultDeadline = config.GetDuration("fleet.policy.request-timeout");
        var arms = config.GetConfigList("fleet.arms")
            .Select((element, i) => Bind(new FleetConfig(ConfigObject.Merge(element.Root, template)), $"fleet.arms[{i}]", element.Root.Origin, defaultDeadline))
            .ToList();
        var seen = new Dictionary<string, ArmOptions>(StringComparer.Ordinal);
        foreach (var arm in arms)
        {
            if (seen.TryGetValue(arm.Id, out var first))
                throw new ConfigException.BadValue(arm.Origin, $"{arm.Path}.id",
                    $"arm id \"{arm.Id}\" is already used by {first.Path} ({first.Origin?.ToFileLine()}); give every arm its own id");
            seen[arm.Id] = arm;
        }
        return arms;
    }

    private static ArmOptions Bind(FleetConfig arm, string path, ConfigOrigin origin, TimeSpan defaultDeadline)
    {
        var id = arm.HasPath("id") ? arm.GetString("id")
            : throw new ConfigException.Missing(origin, $"{path}.id", "every arm needs an id, unique on this node (e.g. id = \"arm-1\")");
        if (string.IsNullOrWhiteSpace(id) || id.Contains('/') || id.Contains('$'))
            throw new ConfigException.BadValue(arm.OriginOf("id"), $"{path}.id", $"\"{id}\" is not a usable arm id; use letters, digits, '-' or '_'");
        var policy = arm.HasPath("policy") ? arm.GetString("policy")
            : throw new ConfigException.Missing(origin, $"{path}.policy", $"arm \"{id}\" needs policy = the name of an entry of fleet.policies");
        var fps = arm.GetDouble("fps");
        if (!(fps > 0 && fps <= 1000))
            throw new ConfigException.BadValue(arm.OriginOf("fps"), $"{path}.fps", $"arm \"{id}\": {fps} must be a positive rate (30 for an SO-101)");
        var inference = BindInference(arm, path, id, defaultDeadline);
        var filter = Checked(arm, path, id, "observation-filter", () => new ObservationFilterOptions(
            arm.GetDouble("observation-filter.joint-threshold"),
            arm.HasPath("observation-filter.image-threshold") ? arm.GetDouble("observation-filter.image-threshold") : null).Validate());
        var maxFaults = arm.GetInt("max-bus-faults");
        if (maxFaults < 1) throw new ConfigException.BadValue(arm.OriginOf("max-bus-faults"), $"{path}.max-bus-faults", $"arm \"{id}\": must be at least 1");
        var alarmAfter = arm.GetInt("policy-alarm-after");
        if (alarmAfter < 1) throw new ConfigException.BadValue(arm.OriginOf("policy-alarm-after"), $"{path}.policy-alarm-after", $"arm \"{id}\": must be at least 1");
        return new ArmOptions(id, path, RobotOptions.Bind(arm, path, id), CameraOptions.BindAll(arm, path, id), policy,
            arm.GetString("task"), fps, inference, filter, maxFaults, alarmAfter, origin);
    }

    private static AsyncInferenceOptions BindInference(FleetConfig arm, string path, string id, TimeSpan defaultDeadline)
    {
        var mode = arm.GetString("mode") switch
        {
            "async" => InferenceMode.Asynchronous,
            "sync" => InferenceMode.Synchronous,
            var other => throw new ConfigException.BadValue(arm.OriginOf("mode"), $"{path}.mode", $"arm \"{id}\": \"{other}\" is not a mode; use \"async\" or \"sync\""),
        };
        var aggregation = Checked(arm, path, id, "aggregate", () => ChunkAggregation.Parse(arm.GetString("aggregate")));
        var deadline = arm.HasPath("deadline") ? arm.GetDuration("deadline") : defaultDeadline;
        return Checked(arm, path, id, "g", () => new AsyncInferenceOptions(arm.GetDouble("g"), arm.GetInt("max-in-flight"), aggregation, deadline, mode).Validate());
    }

    // Turns a value check of the Actors library (ArgumentException) into a config error at the key's line.
    private static T Checked<T>(FleetConfig arm, string path, string id, string key, Func<T> bind)
    {
        try
        {
            return bind();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException.BadValue(arm.OriginOf(key), $"{path}.{key}", $"arm \"{id}\": {e.Message}");
        }
    }
}
