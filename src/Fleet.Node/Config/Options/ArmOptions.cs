namespace Fleet.Node.Config.Options;

/// <summary>Binds one element of <c>fleet.arms</c>, with the defaults of <c>fleet.arms-template</c>.</summary>
/// <param name="Name">The arm's name, unique on the node.</param>
/// <param name="Port">The serial device of the arm's servo bus.</param>
/// <param name="Fps">Control loop ticks per second.</param>
public sealed record ArmOptions(string Name, string Port, int Fps)
{
    /// <summary>Reads every arm; keys an element leaves out come from <c>fleet.arms-template</c>.</summary>
    /// <exception cref="ConfigException.Missing">An element lacks a required key (name, port).</exception>
    /// <exception cref="ConfigException.BadValue">Two arms share a name, or fps is not positive.</exception>
    public static IReadOnlyList<ArmOptions> FromConfig(FleetConfig config)
    {
        var template = config.GetConfig("fleet.arms-template").Root;
        var arms = config.GetConfigList("fleet.arms").Select((element, i) =>
        {
            var arm = new FleetConfig(ConfigObject.Merge(element.Root, template));
            var path = $"fleet.arms[{i}]";
            string Required(string key) => arm.HasPath(key) ? arm.GetString(key)
                : throw new ConfigException.Missing(element.Root.Origin, $"{path}.{key}", "every arm needs it (see fleet.arms-template in hocon/fleet.conf)");
            var fps = arm.GetInt("fps");
            if (fps <= 0) throw new ConfigException.BadValue(arm.OriginOf("fps"), $"{path}.fps", $"must be positive but is {fps}");
            return new ArmOptions(Required("name"), Required("port"), fps);
        }).ToList();
        var duplicate = arms.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ConfigException.BadValue(config.OriginOf("fleet.arms"), "fleet.arms", $"two arms are named \"{duplicate.Key}\"; arm names must be unique");
        return arms;
    }
}
