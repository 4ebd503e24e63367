using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Fleet.Dataset.Hub;

/// <summary>
/// The git-lfs batch API of a Hub dataset repository (<c>POST {endpoint}/datasets/{repo}.git/info/lfs/objects/batch</c>,
/// <c>application/vnd.git-lfs+json</c>, SHA-256 object ids). Objects the Hub already holds come back without
/// actions and are not sent again, which is what makes an interrupted push resumable. Uploads use the
/// <c>basic</c> transfer (one PUT) or, when the upload header carries <c>chunk_size</c>, the Hub's multipart transfer:
/// PUT each part to its numbered URL, then POST <c>{"oid","parts":[{"partNumber","etag"}]}</c> to the upload href.
/// An optional <c>verify</c> action is POSTed <c>{"oid","size"}</c> afterwards.
/// </summary>
public sealed class LfsBatch(HubClient hub, RepoId repo)
{
    private const string LfsMediaType = "application/vnd.git-lfs+json";

    /// <summary>Asks the Hub what to do with each file's object, 100 objects per request.</summary>
    public async Task<IReadOnlyList<LfsObjectPlan>> PlanAsync(IReadOnlyList<LocalFile> files, string revision, CancellationToken ct)
    {
        var plans = new List<LfsObjectPlan>(files.Count);
        foreach (var batch in files.DistinctBy(f => f.Sha256).Chunk(100))
        {
            var objects = new JsonArray();
            foreach (var f in batch) objects.Add(new JsonObject { ["oid"] = f.Sha256, ["size"] = f.Size });
            var body = new JsonObject
            {
                ["operation"] = "upload",
                ["transfers"] = new JsonArray("basic", "multipart"),
                ["objects"] = objects,
                ["hash_algo"] = "sha256",
                ["ref"] = new JsonObject { ["name"] = revision },
            };
            var content = HubClient.Json(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(LfsMediaType);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hub.Options.Endpoint, hub.Options.Endpoint.AbsolutePath.TrimEnd('/') + $"/datasets/{repo}.git/info/lfs/objects/batch")) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", hub.Options.Token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(LfsMediaType));
            using var response = await hub.SendRawAsync(request, "Requesting LFS upload slots", repo, ct).ConfigureAwait(false);
            await HubErrors.EnsureSuccessAsync(response, "Requesting LFS upload slots", repo, ct).ConfigureAwait(false);
            var answer = await HubClient.ReadJsonAsync(response, ct).ConfigureAwait(false);
            var byOid = (answer?["objects"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(o => (string)o["oid"]!);
            foreach (var f in batch) plans.Add(ToPlan(f, byOid.GetValueOrDefault(f.Sha256)));
        }
        return plans;
    }

    /// <summary>Sends one object as its plan says, reporting uploaded bytes to <paramref name="sent"/>.</summary>
    public async Task UploadAsync(LfsObjectPlan plan, IProgress<long>? sent, CancellationToken ct)
    {
        if (plan.Upload is not { } upload) return;
        if (upload.Header.TryGetValue("chunk_size", out var chunkText))
            await UploadMultipartAsync(plan.File, upload, long.Parse(chunkText, CultureInfo.InvariantCulture), sent, ct).ConfigureAwait(false);
        else
        {
            // Bytes are counted as HttpClient reads the body, that is, as they go out.
            await using var stream = new ProgressReadStream(File.OpenRead(plan.File.FullPath), sent);
            var content = new StreamContent(stream, 1 << 16);
            content.Headers.ContentLength = plan.File.Size;
            using var response = await PutAsync(upload.Href, upload.Header, content, plan.File, ct).ConfigureAwait(false);
        }
        if (plan.Verify is { } verify)
        {
            var content = HubClient.Json(new JsonObject { ["oid"] = plan.File.Sha256, ["size"] = plan.File.Size });
            content.Headers.ContentType = new MediaTypeHeaderValue(LfsMediaType);
            using var response = await SendActionAsync(HttpMethod.Post, verify, content, $"Verifying the upload of {plan.File.PathInRepo}", ct).ConfigureAwait(false);
        }
    }

    private async Task UploadMultipartAsync(LocalFile file, LfsAction upload, long chunkSize, IProgress<long>? sent, CancellationToken ct)
    {
        var partUrls = upload.Header.Where(h => h.Key.All(char.IsAsciiDigit)).OrderBy(h => int.Parse(h.Key, CultureInfo.InvariantCulture)).Select(h => new Uri(h.Value)).ToList();
        var expected = (int)((file.Size + chunkSize - 1) / chunkSize);
        if (partUrls.Count != expected)
            throw new HubException($"The Hub asked for {partUrls.Count} parts of {chunkSize} bytes for {file.PathInRepo} ({file.Size} bytes, so {expected} parts) in {repo}; push again, and report it if it repeats.");
        var parts = new JsonArray();
        await using var stream = File.OpenRead(file.FullPath);
        var buffer = new byte[chunkSize];
        for (var i = 0; i < partUrls.Count; i++)
        {
            var length = await stream.ReadAtLeastAsync(buffer, (int)Math.Min(chunkSize, file.Size - i * chunkSize), throwOnEndOfStream: true, ct).ConfigureAwait(false);
            using var response = await PutAsync(partUrls[i], new Dictionary<string, string>(), new ByteArrayContent(buffer, 0, length), file, ct).ConfigureAwait(false);
            var etag = response.Headers.ETag?.Tag ?? throw new HubException($"Part {i + 1} of {file.PathInRepo} was stored without an ETag; the multipart upload to {repo} cannot be completed. Push again.");
            parts.Add(new JsonObject { ["partNumber"] = i + 1, ["etag"] = etag });
            sent?.Report(length);
        }
        var content = HubClient.Json(new JsonObject { ["oid"] = file.Sha256, ["parts"] = parts });
        content.Headers.ContentType = new MediaTypeHeaderValue(LfsMediaType);
        var completion = new LfsAction(upload.Href, upload.Header.Where(h => h.Key != "chunk_size" && !h.Key.All(char.IsAsciiDigit)).ToDictionary());
        using var done = await SendActionAsync(HttpMethod.Post, completion, content, $"Completing the multipart upload of {file.PathInRepo}", ct).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> PutAsync(Uri href, IReadOnlyDictionary<string, string> header, HttpContent content, LocalFile file, CancellationToken ct) =>
        SendActionAsync(HttpMethod.Put, new LfsAction(href, header), content, $"Uploading {file.PathInRepo} ({file.Size} bytes)", ct);

    // Action URLs are storage URLs: they get the headers the Hub gave, never the Hub token.
    private async Task<HttpResponseMessage> SendActionAsync(HttpMethod method, LfsAction action, HttpContent content, string what, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, action.Href) { Content = content };
        foreach (var (name, value) in action.Header)
            if (!request.Headers.TryAddWithoutValidation(name, value)) content.Headers.TryAddWithoutValidation(name, value);
        var response = await hub.SendRawAsync(request, what, repo, ct).ConfigureAwait(false);
        try { await HubErrors.EnsureSuccessAsync(response, what, repo, ct).ConfigureAwait(false); }
        catch { response.Dispose(); throw; }
        return response;
    }

    private LfsObjectPlan ToPlan(LocalFile file, JsonObject? answer)
    {
        if (answer is null)
            throw new HubException($"The Hub's LFS batch answer for {repo} left out {file.PathInRepo} (oid {file.Sha256}); push again, and report it if it repeats.");
        if (answer["error"] is JsonObject error)
            throw new HubException($"The Hub refused the LFS object of {file.PathInRepo} in {repo}: {(string?)error["message"]} (code {error["code"]}). Check the file, then push again.");
        var actions = answer["actions"] as JsonObject;
        return new LfsObjectPlan(file, Action(actions?["upload"]), Action(actions?["verify"]));
    }

    private static LfsAction? Action(JsonNode? node) => node is JsonObject o
        ? new LfsAction(new Uri((string)o["href"]!), (o["header"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString()))
        : null;
}
