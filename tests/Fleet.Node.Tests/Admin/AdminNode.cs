using System.Net.Http.Headers;
using System.Text.Json;
using Fleet.Node.Admin;
using Fleet.Node.Config;
using Fleet.Node.Config.Options;
using Fleet.Node.Fleets;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Admin;

/// <summary>
/// A real in-process node for admin API tests: two simulated demo arms (servo-bus simulators on ptys, synthetic
/// cameras, the sinusoid policy through the local pool) and the admin API on Kestrel at a free loopback port with a
/// token. Shared by the tests of one class; disposed after them.
/// </summary>
public sealed class AdminNode : IAsyncLifetime
{
    public const string Token = "t0ken-for-tests";
    private readonly TempFiles _files = new();

    public FleetRuntime Runtime { get; private set; } = null!;

    public AdminServer Server { get; private set; } = null!;

    public LogRing Logs => Runtime.Logs;

    public async Task InitializeAsync()
    {
        var arms = _files.Write("arms.conf", """
            fleet.arms = [
              { id = "arm-1", robot { type = so101_follower_sim }, cameras = [ { name = "front", width = 64, height = 48 } ], policy = demo-sine, task = "wave" }
              { id = "arm-2", robot { type = so101_follower_sim }, cameras = [ { name = "front", width = 64, height = 48 } ], policy = demo-sine, task = "wave" }
            ]
            """);
        var config = ConfigLoader.Load([Path.Combine(AppContext.BaseDirectory, "hocon", "demo.conf"), arms]);
        Runtime = await FleetRuntime.StartAsync(config, null, CancellationToken.None);
        var context = new AdminContext("test-node", Runtime.System, Runtime.Fleet, Runtime.Pool,
            new LocalMembership(new ClusterMember("test-node", "127.0.0.1:0", ["robot"], "up", true)), new NoEpisodes(), Logs);
        Server = await AdminServer.StartAsync(context, new AdminOptions("127.0.0.1", 0, Token), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Runtime.DisposeAsync();
        _files.Dispose();
    }

    /// <summary>A client of the API; with the right token unless told otherwise.</summary>
    public HttpClient Client(string? token = Token)
    {
        var client = new HttpClient { BaseAddress = Server.Url, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>GETs <paramref name="path"/> as JSON, asserting 200.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var client = Client();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds or <paramref name="timeout"/> passes (then fails with <paramref name="what"/>).</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>The state of <paramref name="armId"/> as the API reports it.</summary>
    public async Task<string> ArmStateAsync(string armId) => (await GetJsonAsync($"api/arms/{armId}")).GetProperty("state").GetString()!;
}
