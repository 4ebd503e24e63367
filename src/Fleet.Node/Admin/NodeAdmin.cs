using Fleet.Node.Config;
using Fleet.Node.Config.Options;
using Fleet.Node.Fleets;
using Microsoft.Extensions.Logging;

namespace Fleet.Node.Admin;

/// <summary>
/// The admin API of a running node (<c>fleet run</c>, <c>fleet demo</c>): builds the <see cref="AdminContext"/> from the
/// runtime (its log ring included) and configuration, and starts the server. A port already in use does not stop the
/// arms: the node runs on without the API and says so on stderr.
/// </summary>
public sealed class NodeAdmin : IAsyncDisposable
{
    private readonly AdminServer _server;

    private NodeAdmin(AdminServer server) => _server = server;

    /// <summary>Where the API and dashboard are served.</summary>
    public Uri Url => _server.Url;

    /// <summary>Starts the admin API of <paramref name="runtime"/> on <c>fleet.admin</c>; null (after a line on <paramref name="errors"/>) when it cannot listen.</summary>
    /// <param name="runtime">The running fleet.</param>
    /// <param name="config">The node's configuration (<c>fleet.admin</c>, <c>fleet.node</c>).</param>
    /// <param name="errors">Where to say why the API did not start.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="cluster">The cluster layer's membership; null: the runtime's cluster (<see cref="ClusterMembershipView"/>) when it joined one, else this node alone (<see cref="LocalMembership"/>).</param>
    /// <param name="episodes">The recorder's episode control; null: <see cref="NoEpisodes"/>.</param>
    /// <exception cref="ConfigException">fleet.admin is invalid (e.g. a non-loopback bind without a token).</exception>
    public static async Task<NodeAdmin?> StartAsync(FleetRuntime runtime, FleetConfig config, TextWriter errors, CancellationToken cancellationToken,
        IClusterMembership? cluster = null, IEpisodeControl? episodes = null)
    {
        var options = AdminOptions.FromConfig(config);
        var node = NodeOptions.FromConfig(config);
        var ring = runtime.Logs;
        var address = $"{options.Bind}:{options.Port}";
        cluster ??= runtime.Cluster is { } joined
            ? new ClusterMembershipView(joined, address)
            : new LocalMembership(new ClusterMember(node.Name, address, node.Roles, "up", true));
        var context = new AdminContext(node.Name, runtime.System, runtime.Fleet, runtime.Pool, cluster, episodes ?? new NoEpisodes(), ring);
        AdminServer server;
        try
        {
            server = await AdminServer.StartAsync(context, options, cancellationToken);
        }
        catch (IOException e)
        {
            await errors.WriteLineAsync($"fleet: admin API not started on {address}: {e.Message} (set fleet.admin.port to a free port, or 0 for any)");
            return null;
        }
        ring.Add(LogLevel.Information, "Fleet.Admin", $"admin API listening on {server.Url}");
        return new NodeAdmin(server);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
