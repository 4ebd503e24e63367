using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Dataset.Hub;

/// <summary>
/// The Hugging Face Hub endpoints a dataset push needs, for dataset repositories only. Every request carries
/// <c>Authorization: Bearer &lt;token&gt;</c>; every failure becomes a <see cref="HubException"/> naming the repository,
/// the request, the Hub's own error text and the remedy. LFS transfers live in <see cref="LfsBatch"/>.
/// </summary>
public sealed class HubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client for <paramref name="options"/>; pass <paramref name="http"/> to share a connection pool (not disposed here).</summary>
    public HubClient(HubOptions options, HttpClient? http = null)
    {
        Options = options;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
    }

    /// <summary>The endpoint, token and revision this client uses.</summary>
    public HubOptions Options { get; }

    internal HttpClient Http => _http;

    /// <summary>
    /// <c>POST /api/repos/create</c> for a dataset repository. Returns <c>true</c> when it was created and <c>false</c>
    /// when it already existed (409), which a push accepts.
    /// </summary>
    public async Task<bool> CreateDatasetRepoAsync(RepoId repo, bool isPrivate, CancellationToken ct)
    {
        var body = new JsonObject { ["name"] = repo.Name, ["organization"] = repo.Namespace, ["type"] = "dataset", ["private"] = isPrivate };
        if (isPrivate) body["visibility"] = "private";
        using var response = await SendAsync(HttpMethod.Post, "api/repos/create", Json(body), "Creating the repository", repo, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict) return false;
        await HubErrors.EnsureSuccessAsync(response, "Creating the repository", repo, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Lists every file at <paramref name="revision"/> (<c>GET /api/datasets/{repo}/tree/{revision}?recursive=true</c>,
    /// following <c>Link: rel="next"</c> pages). An empty repository (404 on the revision) lists nothing.
    /// </summary>
    public async Task<IReadOnlyList<RemoteFile>> ListFilesAsync(RepoId repo, string revision, CancellationToken ct)
    {
        var files = new List<RemoteFile>();
        string? next = $"api/datasets/{repo}/tree/{Uri.EscapeDataString(revision)}?recursive=true&expand=false";
        while (next is not null)
        {
            using var response = await SendAsync(HttpMethod.Get, next, null, "Listing the files already pushed", repo, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound && files.Count == 0) return files;
            await HubErrors.EnsureSuccessAsync(response, "Listing the files already pushed", repo, ct).ConfigureAwait(false);
            var page = await ReadJsonAsync(response, ct).ConfigureAwait(false) as JsonArray ?? [];
            foreach (var entry in page.OfType<JsonObject>().Where(e => (string?)e["type"] == "file"))
                files.Add(new RemoteFile((string)entry["path"]!, (string)entry["oid"]!, (long)entry["size"]!, (string?)entry["lfs"]?["oid"]));
            next = NextPage(response);
        }
        return files;
    }

    /// <summary>
    /// <c>POST /api/datasets/{repo}/preupload/{revision}</c>: asks how each file must travel, 256 files per call.
    /// Returns, per path, whether the file goes through LFS (<c>uploadMode: "lfs"</c>) and whether the Hub ignores it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, (bool Lfs, bool Ignore)>> PreuploadAsync(
        RepoId repo, string revision, IReadOnlyList<LocalFile> files, CancellationToken ct)
    {
        var modes = new Dictionary<string, (bool, bool)>(StringComparer.Ordinal);
        foreach (var batch in files.Chunk(256))
        {
            var list = new JsonArray();
            foreach (var f in batch)
                list.Add(new JsonObject { ["path"] = f.PathInRepo, ["sample"] = Convert.ToBase64String(f.Sample), ["size"] = f.Size });
            var path = $"api/datasets/{repo}/preupload/{Uri.EscapeDataString(revision)}";
            using var response = await SendAsync(HttpMethod.Post, path, Json(new JsonObject { ["files"] = list }), "Asking which files go through LFS", repo, ct).ConfigureAwait(false);
            await HubErrors.EnsureSuccessAsync(response, "Asking which files go through LFS", repo, ct).ConfigureAwait(false);
            var answer = await ReadJsonAsync(response, ct).ConfigureAwait(false);
            foreach (var entry in (answer?["files"] as JsonArray ?? []).OfType<JsonObject>())
                modes[(string)entry["path"]!] = ((string?)entry["uploadMode"] == "lfs", (bool?)entry["shouldIgnore"] ?? false);
        }
        var missing = files.FirstOrDefault(f => !modes.ContainsKey(f.PathInRepo));
        if (missing is not null)
            throw new HubException($"The Hub's preupload answer for {repo} did not mention {missing.PathInRepo}; push again, and report it if it repeats.");
        return modes;
    }

    /// <summary><c>POST /api/datasets/{repo}/commit/{revision}</c> with the ndjson body; returns the new commit's oid.</summary>
    public async Task<string> CommitAsync(RepoId repo, string revision, CommitBuilder commit, CancellationToken ct)
    {
        var content = new ByteArrayContent(commit.ToBytes());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await SendAsync(HttpMethod.Post, $"api/datasets/{repo}/commit/{Uri.EscapeDataString(revision)}", content, "Committing the files", repo, ct).ConfigureAwait(false);
        await HubErrors.EnsureSuccessAsync(response, "Committing the files", repo, ct).ConfigureAwait(false);
        var answer = await ReadJsonAsync(response, ct).ConfigureAwait(false);
        return (string?)answer?["commitOid"] ?? throw new HubException($"The Hub accepted the commit to {repo} but sent no commitOid; check the repository page before pushing again.");
    }

    /// <summary>
    /// Points tag <paramref name="tag"/> at <paramref name="revision"/>: deletes the tag if it exists
    /// (<c>DELETE /api/datasets/{repo}/tag/{tag}</c>), then <c>POST /api/datasets/{repo}/tag/{revision}</c> with <c>{"tag"}</c>.
    /// </summary>
    public async Task MoveTagAsync(RepoId repo, string tag, string revision, CancellationToken ct)
    {
        using (var deleted = await SendAsync(HttpMethod.Delete, $"api/datasets/{repo}/tag/{Uri.EscapeDataString(tag)}", null, $"Removing the old {tag} tag", repo, ct).ConfigureAwait(false))
            if (deleted.StatusCode != HttpStatusCode.NotFound)
                await HubErrors.EnsureSuccessAsync(deleted, $"Removing the old {tag} tag", repo, ct).ConfigureAwait(false);
        var body = Json(new JsonObject { ["tag"] = tag, ["message"] = $"LeRobotDataset codebase version {tag}" });
        using var response = await SendAsync(HttpMethod.Post, $"api/datasets/{repo}/tag/{Uri.EscapeDataString(revision)}", body, $"Tagging {tag}", repo, ct).ConfigureAwait(false);
        await HubErrors.EnsureSuccessAsync(response, $"Tagging {tag}", repo, ct).ConfigureAwait(false);
    }

    /// <summary>Sends one authenticated request to a path under the endpoint, turning transport failures into <see cref="HubException"/>.</summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, string what, RepoId repo, CancellationToken ct)
    {
        var uri = new Uri(Options.Endpoint, Options.Endpoint.AbsolutePath.TrimEnd('/') + "/" + pathAndQuery);
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Options.Token);
        request.Headers.UserAgent.ParseAdd("fleet/1.0");
        return await SendRawAsync(request, what, repo, ct).ConfigureAwait(false);
    }

    internal async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, string what, RepoId repo, CancellationToken ct)
    {
        try { return await _http.SendAsync(request, ct).ConfigureAwait(false); }
        catch (HttpRequestException e) { throw HubErrors.Unreachable(e, request.RequestUri!, what, repo); }
    }

    internal static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        try { return text.Length == 0 ? null : JsonNode.Parse(text); }
        catch (JsonException e) { throw new HubException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} with a body that is not JSON ({e.Message}). Is HF_ENDPOINT a Hugging Face Hub?", response.StatusCode, e); }
    }

    internal static StringContent Json(JsonNode body, string mediaType = "application/json") =>
        new(body.ToJsonString(), Encoding.UTF8, mediaType);

    // Pages of the tree listing chain through an RFC 8288 Link header: <url>; rel="next".
    private string? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        foreach (var link in string.Join(",", links).Split(','))
        {
            var parts = link.Split(';');
            if (parts.Length < 2 || !parts.Skip(1).Any(p => p.Trim() is "rel=\"next\"" or "rel=next")) continue;
            var url = new Uri(parts[0].Trim().Trim('<', '>'), UriKind.RelativeOrAbsolute);
            var absolute = url.IsAbsoluteUri ? url : new Uri(Options.Endpoint, url);
            return absolute.PathAndQuery[(Options.Endpoint.AbsolutePath.TrimEnd('/').Length + 1)..];
        }
        return null;
    }

    /// <summary>Disposes the HTTP client when this instance created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
