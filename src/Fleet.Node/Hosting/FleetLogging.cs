using Fleet.Node.Config.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Fleet.Node.Hosting;

/// <summary>
/// Console logging configured from <c>fleet.logging</c>. Every level goes to stderr, so stdout carries
/// only a command's own output (a <c>--json</c> document stays parseable).
/// </summary>
public static class FleetLogging
{
    /// <summary>Replaces the providers of <paramref name="logging"/> with Fleet's console logger.</summary>
    public static ILoggingBuilder UseFleetConsole(this ILoggingBuilder logging, LoggingOptions options)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(options.Level);
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (options.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
        return logging;
    }
}
