using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fleet.Node.Admin;

/// <summary>
/// Requires <c>Authorization: Bearer &lt;token&gt;</c> on every API and metrics request when a token is configured
/// (always the case off loopback: <see cref="Config.Options.AdminOptions"/> refuses otherwise). The dashboard's static
/// files carry no data and load without it; the page then sends the token the operator types. A missing or wrong
/// token gets 401 with a JSON error; the comparison takes the same time whatever the token.
/// </summary>
/// <param name="token">The expected token; empty disables the check.</param>
public sealed class BearerTokenGate(string token)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

    /// <summary>True when <paramref name="path"/> needs the token.</summary>
    public static bool IsProtected(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/metrics");

    /// <summary>The middleware.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (_expected.Length == 0 || !IsProtected(context.Request.Path) || Matches(context.Request.Headers.Authorization.ToString()))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"fleet-admin\"";
        await context.Response.WriteAsJsonAsync(new { error = "missing or wrong bearer token: pass --token (or set FLEET_ADMIN_TOKEN) with the node's fleet.admin.token" },
            AdminJson.Options, context.RequestAborted);
    }

    private bool Matches(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(given, _expected);
    }
}
