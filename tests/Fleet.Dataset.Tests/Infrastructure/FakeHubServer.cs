using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Dataset.Tests.Infrastructure;

/// <summary>
/// A local stand-in for the Hugging Face Hub (Kestrel on 127.0.0.1, random port) that enforces the documented
/// contracts of the endpoints a dataset push uses and keeps the resulting repositories in memory:
/// <list type="bullet">
/// <item><c>Authorization: Bearer</c> with a known token on every Hub API call (401 otherwise) and write access
/// only to the token user's namespace (403);</item>
/// <item><c>POST /api/repos/create</c> (409 when it exists; a new repo starts with a <c>.gitattributes</c> commit);</item>
/// <item><c>POST /api/datasets/{repo}/preupload/{rev}</c> (sample base64 of the first 512 bytes, size; LFS for
/// <c>.parquet</c>/<c>.mp4</c>-style extensions, binary samples and files ≥ 10 MiB);</item>
/// <item>the git-lfs batch API with upload actions pointing at this server's fake storage, which refuses the Hub
/// token, checks SHA-256 and size, and does multipart uploads for objects above <see cref="MultipartThreshold"/>;</item>
/// <item><c>POST /api/datasets/{repo}/commit/{rev}</c> with an ndjson body: header first, inline files must not be
/// binary, <c>lfsFile</c> oids must have been uploaded with the same size;</item>
/// <item>the recursive tree listing (paged by <see cref="TreePageSize"/> with <c>Link</c> headers) and tags.</item>
/// </list>
/// Violations answer 4xx with <c>{"error": "..."}</c> like the Hub. <see cref="Requests"/> records every call.
/// </summary>
internal sealed partial class FakeHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeHubRepo> _repos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private int _lfsPutCount;
    private int _failLfsPutNumber;

    private FakeHubServer(WebApplication app) => _app = app;

    /// <summary>The root URL, like https://huggingface.co, to give as HF_ENDPOINT.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request as "METHOD /path → status", in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Objects larger than this are offered the multipart transfer.</summary>
    public long MultipartThreshold { get; set; } = long.MaxValue;

    /// <summary>Part size offered for multipart transfers.</summary>
    public int MultipartChunkSize { get; set; } = 64 * 1024;

    /// <summary>Entries per page of the tree listing.</summary>
    public int TreePageSize { get; set; } = 1000;

    /// <summary>Stored LFS objects received by PUT or multipart completion (failed uploads not counted).</summary>
    public int LfsObjectsReceived { get; private set; }

    /// <summary>Starts the server with one user and its token.</summary>
    public static async Task<FakeHubServer> StartAsync(string user = "fleet-lab", string token = "hf_fake_write_token")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeHubServer(app);
        server._tokens[token] = user;
        server.MapRoutes(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address);
        return server;
    }

    /// <summary>Makes the <paramref name="n"/>-th LFS storage PUT from now answer 500, once.</summary>
    public void FailLfsUploadOnce(int n)
    {
        lock (_gate) _failLfsPutNumber = _lfsPutCount + n;
    }

    /// <summary>A copy of the repository's state, or null when it does not exist.</summary>
    public FakeHubRepo? Repo(string id)
    {
        lock (_gate) return _repos.GetValueOrDefault(id);
    }

    private void MapRoutes(WebApplication app)
    {
        app.Use(async (ctx, next) =>
        {
            await next(ctx);
            Requests.Enqueue($"{ctx.Request.Method} {ctx.Request.Path} → {ctx.Response.StatusCode}");
        });
        app.MapPost("/api/repos/create", (Delegate)CreateRepoAsync);
        app.MapPost("/api/datasets/{ns}/{name}/preupload/{rev}", PreuploadAsync);
        app.MapPost("/api/datasets/{ns}/{name}/commit/{rev}", CommitAsync);
        app.MapGet("/api/datasets/{ns}/{name}/tree/{rev}", TreeAsync);
        app.MapPost("/api/datasets/{ns}/{name}/tag/{rev}", CreateTagAsync);
        app.MapDelete("/api/datasets/{ns}/{name}/tag/{tag}", DeleteTagAsync);
        app.MapPost("/datasets/{ns}/{name}.git/info/lfs/objects/batch", LfsBatchAsync);
        app.MapPut("/fake-storage/{ticket}", StoragePutAsync);
        app.MapPut("/fake-storage/{ticket}/part/{part:int}", StoragePartAsync);
        app.MapPost("/fake-storage/{ticket}", StorageCompleteAsync);
        app.MapPost("/fake-storage/{ticket}/verify", StorageVerifyAsync);
    }

    /// <summary>The user the bearer token belongs to, or an error result (401) to return.</summary>
    private bool TryAuthenticate(HttpContext ctx, out string user, out IResult? error)
    {
        user = "";
        error = null;
        var header = ctx.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.TryGetValue(header["Bearer ".Length..], out var u))
        {
            user = u;
            return true;
        }
        error = Error(401, header.Length == 0 ? "Authorization header is missing" : "Invalid credentials in Authorization header");
        return false;
    }

    /// <summary>Authenticates and finds the repository the token may write to.</summary>
    private bool TryWritableRepo(HttpContext ctx, string ns, string name, out FakeHubRepo repo, out IResult? error)
    {
        repo = null!;
        if (!TryAuthenticate(ctx, out var user, out error)) return false;
        lock (_gate)
        {
            if (!_repos.TryGetValue($"{ns}/{name}", out repo!))
            {
                error = Error(404, "Repository not found");
                return false;
            }
        }
        if (ns != user)
        {
            error = Error(403, $"You don't have the rights to write to {ns}/{name}");
            return false;
        }
        return true;
    }

    private static IResult Error(int status, string message) =>
        Results.Json(new JsonObject { ["error"] = message }, statusCode: status, contentType: "application/json");

    private static async Task<JsonObject?> ReadJsonObjectAsync(HttpRequest request)
    {
        try { return JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) as JsonObject; }
        catch (JsonException) { return null; }
    }

    private static bool IsValidPath(string? path) =>
        !string.IsNullOrEmpty(path) && !path.StartsWith('/') && !path.Split('/').Any(p => p is "" or "." or "..") && !path.Contains('\\');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
