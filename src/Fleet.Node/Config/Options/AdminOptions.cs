using System.Net;

namespace Fleet.Node.Config.Options;

/// <summary>Binds <c>fleet.admin</c>: where the admin API listens and how it is protected.</summary>
/// <param name="Bind">The address to listen on.</param>
/// <param name="Port">The TCP port; 0 picks a free one (the node prints the URL it got).</param>
/// <param name="Token">The bearer token; empty means none (only allowed on a loopback address).</param>
public sealed record AdminOptions(string Bind, int Port, string Token)
{
    /// <summary>Reads <c>fleet.admin</c>.</summary>
    /// <exception cref="ConfigException.BadValue">The port is out of range, or the API is exposed beyond loopback without a token.</exception>
    public static AdminOptions FromConfig(FleetConfig config)
    {
        var bind = config.GetString("fleet.admin.bind");
        var port = config.GetInt("fleet.admin.port");
        if (port is < 0 or > 65535)
            throw new ConfigException.BadValue(config.OriginOf("fleet.admin.port"), "fleet.admin.port", $"{port} is not a TCP port (1-65535, or 0 for any free port)");
        var token = config.GetString("fleet.admin.token");
        if (token.Length == 0 && !IsLoopback(bind))
            throw new ConfigException.BadValue(config.OriginOf("fleet.admin.bind"), "fleet.admin.bind",
                $"the admin API would listen on {bind} without a token; set fleet.admin.token (or FLEET_ADMIN_TOKEN) or bind to 127.0.0.1");
        return new AdminOptions(bind, port, token);
    }

    private static bool IsLoopback(string bind) =>
        bind == "localhost" || (IPAddress.TryParse(bind, out var address) && IPAddress.IsLoopback(address));
}
