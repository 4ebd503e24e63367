using Microsoft.Extensions.Logging;

namespace Fleet.Node.Config.Options;

/// <summary>Binds <c>fleet.logging</c>. Logs always go to stderr so stdout stays clean for <c>--json</c> output.</summary>
/// <param name="Level">The lowest level written.</param>
/// <param name="Json">True for one JSON object per event, false for readable text lines.</param>
public sealed record LoggingOptions(LogLevel Level, bool Json)
{
    /// <summary>Reads <c>fleet.logging</c>.</summary>
    /// <exception cref="ConfigException.BadValue">An unknown level or format.</exception>
    public static LoggingOptions FromConfig(FleetConfig config)
    {
        var levelText = config.GetString("fleet.logging.level");
        // The short names people type out of habit are accepted too.
        var canonical = levelText.ToLowerInvariant() switch { "info" => "information", "warn" => "warning", var other => other };
        if (!Enum.TryParse<LogLevel>(canonical, ignoreCase: true, out var level) || int.TryParse(levelText, out _))
            throw new ConfigException.BadValue(config.OriginOf("fleet.logging.level"), "fleet.logging.level",
                $"\"{levelText}\" is not a level; use trace, debug, information, warning, error, critical or none");
        var format = ActorsOptions.OneOf(config, "fleet.logging.format", "text", "json");
        return new LoggingOptions(level, format == "json");
    }
}
