using System.Net;
using Fleet.Node.Config.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Node.Admin;

/// <summary>
/// The node's admin API and dashboard on Kestrel at <c>fleet.admin.bind:port</c> (port 0: a free port, see
/// <see cref="Url"/>): JSON under <c>/api</c>, server-sent events under <c>/api/stream</c>, Prometheus text at
/// <c>/metrics</c>, the dashboard at <c>/</c>. With a token configured every API and metrics request needs
/// <c>Authorization: Bearer &lt;token&gt;</c> (401 otherwise).
/// </summary>
public sealed class AdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AdminServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where the API listens, e.g. <c>http://127.0.0.1:9110/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts listening.</summary>
    /// <param name="context">What the API reads and steers.</param>
    /// <param name="options">Bind address, port and token (already checked: no token off loopback is refused there).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="IOException">The address or port is in use or cannot be bound.</exception>
    public static async Task<AdminServer> StartAsync(AdminContext context, AdminOptions options, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            if (options.Bind == "localhost") k.ListenLocalhost(options.Port);
            else k.Listen(IPAddress.Parse(options.Bind), options.Port);
        });
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders().AddProvider(new LogRingProvider(context.Logs)).SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var gate = new BearerTokenGate(options.Token);
        app.Use(gate.InvokeAsync);
        ArmEndpoints.Map(app, context);
        NodeEndpoints.Map(app, context);
        StreamEndpoints.Map(app, context);
        MetricsEndpoint.Map(app, context);
        DashboardEndpoints.Map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AdminServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Open event streams end here: stopping cancels their requests.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
