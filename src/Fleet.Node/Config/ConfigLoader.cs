namespace Fleet.Node.Config;

/// <summary>
/// Loads Fleet's configuration: the reference <c>hocon/fleet.conf</c> shipped beside the executable, then
/// each given file in order (later files override earlier ones, objects merge), then resolves
/// substitutions over the merged tree with environment variables as the fallback, then validates every
/// key under <c>fleet</c> against the reference (<see cref="ConfigSchema"/>).
/// </summary>
public static class ConfigLoader
{
    /// <summary>Where the reference configuration ships: <c>hocon/fleet.conf</c> beside the <c>fleet</c> assembly, whatever the working directory.</summary>
    public static string ReferencePath => Path.Combine(AppContext.BaseDirectory, "hocon", "fleet.conf");

    /// <summary>Loads, merges, resolves and validates.</summary>
    /// <param name="files">Config files in override order (each over the ones before it).</param>
    /// <param name="environment">Environment lookup for substitution fallback; the process environment when null.</param>
    /// <param name="referencePath">The reference file; <see cref="ReferencePath"/> when null.</param>
    /// <exception cref="ConfigException">A file is missing or invalid, a substitution cannot be resolved, or a key is unknown.</exception>
    public static FleetConfig Load(IEnumerable<string> files, Func<string, string?>? environment = null, string? referencePath = null) =>
        LoadLayers(files.Select(ConfigLayer.File), environment, referencePath);

    /// <summary>Loads, merges, resolves and validates layers of files and generated text.</summary>
    /// <param name="layers">Config layers in override order (each over the ones before it).</param>
    /// <param name="environment">Environment lookup for substitution fallback; the process environment when null.</param>
    /// <param name="referencePath">The reference file; <see cref="ReferencePath"/> when null.</param>
    /// <exception cref="ConfigException">A file is missing or invalid, a substitution cannot be resolved, or a key is unknown.</exception>
    public static FleetConfig LoadLayers(IEnumerable<ConfigLayer> layers, Func<string, string?>? environment = null, string? referencePath = null)
    {
        var reference = referencePath ?? ReferencePath;
        if (!File.Exists(reference))
            throw new ConfigException.Missing(null, reference, "the reference configuration that ships with fleet is missing; reinstall or rebuild fleet");
        var env = environment ?? Environment.GetEnvironmentVariable;
        var merged = new ValueParser();
        merged.ApplyFile(reference);
        foreach (var layer in layers)
        {
            if (layer.Text is { } text)
            {
                merged.ApplyText(text, layer.Source, Directory.GetCurrentDirectory());
                continue;
            }
            if (!File.Exists(layer.Source))
                throw new ConfigException.Missing(null, layer.Source, $"the config file does not exist (working directory: {Directory.GetCurrentDirectory()})");
            merged.ApplyFile(layer.Source);
        }
        var config = new Resolver(merged.Root, env).ResolveRoot();
        var schema = new ValueParser();
        schema.ApplyFile(reference);
        ConfigSchema.Validate(new Resolver(schema.Root, env).ResolveRoot(), config);
        return new FleetConfig(config);
    }
}
