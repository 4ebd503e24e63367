using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Fleet.Dataset.Tests.Infrastructure;

internal sealed partial class FakeHubServer
{
    private static readonly string[] LfsExtensions = [".parquet", ".mp4", ".arrow", ".safetensors", ".bin", ".png", ".tiff", ".zip"];

    private static readonly byte[] DefaultGitAttributes = Encoding.ASCII.GetBytes("*.parquet filter=lfs diff=lfs merge=lfs -text\n*.mp4 filter=lfs diff=lfs merge=lfs -text\n");

    /// <summary>The Hub's rule, as this fake applies it: which files must travel through LFS.</summary>
    public static bool MustBeLfs(string path, long size, ReadOnlySpan<byte> sample) =>
        size > 0 && (LfsExtensions.Any(e => path.EndsWith(e, StringComparison.Ordinal)) || size >= 10 << 20 || sample.IndexOf((byte)0) >= 0);

    private async Task<IResult> CreateRepoAsync(HttpContext ctx)
    {
        if (!TryAuthenticate(ctx, out var user, out var error)) return error!;
        var body = await ReadJsonObjectAsync(ctx.Request);
        if (body is null) return Error(400, "Body must be a JSON object");
        if ((string?)body["type"] != "dataset") return Error(400, "This fake Hub only hosts dataset repos: \"type\" must be \"dataset\"");
        var name = body["name"]?.GetValueKind() == JsonValueKind.String ? (string?)body["name"] : null;
        if (string.IsNullOrEmpty(name) || name.Contains('/')) return Error(400, "\"name\" must be a repo name without '/'");
        var ns = (string?)body["organization"] ?? user;
        if (ns != user) return Error(403, $"You don't have the rights to create a repo under {ns}");
        var id = $"{ns}/{name}";
        var isPrivate = (bool?)body["private"] == true || (string?)body["visibility"] == "private";
        lock (_gate)
        {
            if (_repos.ContainsKey(id))
                return Results.Json(new JsonObject { ["error"] = "You already created this dataset repo", ["url"] = $"{Endpoint}datasets/{id}" }, statusCode: 409);
            var repo = new FakeHubRepo(id, isPrivate);
            repo.AddCommit("main", "initial commit", new Dictionary<string, FakeHubEntry> { [".gitattributes"] = FakeHubEntry.Regular(".gitattributes", DefaultGitAttributes) });
            _repos[id] = repo;
        }
        return Results.Json(new JsonObject { ["url"] = $"{Endpoint}datasets/{id}", ["name"] = id });
    }

    private async Task<IResult> PreuploadAsync(HttpContext ctx, string ns, string name, string rev)
    {
        if (!TryWritableRepo(ctx, ns, name, out var repo, out var error)) return error!;
        if (!HasRevision(repo, rev)) return Error(404, $"Revision Not Found for url: {ctx.Request.Path}");
        var body = await ReadJsonObjectAsync(ctx.Request);
        if (body?["files"] is not JsonArray files) return Error(400, "Body must be {\"files\": [...]}");
        if (files.Count > 256) return Error(400, "At most 256 files per preupload call");
        var answer = new JsonArray();
        foreach (var node in files)
        {
            var path = (string?)node?["path"];
            var size = node?["size"]?.GetValueKind() == JsonValueKind.Number ? (long?)node["size"] : null;
            if (!IsValidPath(path) || size is null or < 0) return Error(400, $"Invalid file entry {node?.ToJsonString()}: needs \"path\" and \"size\" >= 0");
            byte[] sample;
            try { sample = Convert.FromBase64String((string?)node!["sample"] ?? ""); }
            catch (FormatException) { return Error(400, $"{path}: \"sample\" is not base64"); }
            if (sample.Length != Math.Min(512, size.Value)) return Error(400, $"{path}: \"sample\" must be the first min(512, size) bytes, got {sample.Length}");
            answer.Add(new JsonObject { ["path"] = path, ["uploadMode"] = MustBeLfs(path!, size.Value, sample) ? "lfs" : "regular", ["shouldIgnore"] = false });
        }
        return Results.Json(new JsonObject { ["files"] = answer, ["commitOid"] = repo.Resolve(rev)?.Oid });
    }

    private async Task<IResult> CommitAsync(HttpContext ctx, string ns, string name, string rev)
    {
        if (!TryWritableRepo(ctx, ns, name, out var repo, out var error)) return error!;
        if (ctx.Request.ContentType?.StartsWith("application/x-ndjson", StringComparison.Ordinal) != true)
            return Error(400, $"Content-Type must be application/x-ndjson, got '{ctx.Request.ContentType}'");
        var lines = (await new StreamReader(ctx.Request.Body).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        JsonObject?[] parsed;
        try { parsed = lines.Select(l => JsonNode.Parse(l) as JsonObject).ToArray(); }
        catch (JsonException e) { return Error(400, $"Each ndjson line must be a JSON object: {e.Message}"); }
        if (parsed.Length == 0 || (string?)parsed[0]?["key"] != "header" || string.IsNullOrWhiteSpace((string?)parsed[0]!["value"]?["summary"]))
            return Error(400, "The first ndjson line must be {\"key\":\"header\",\"value\":{\"summary\":...}}");
        lock (_gate)
        {
            if (repo.Resolve(rev) is not { } parent || !repo.Branches.ContainsKey(rev)) return Error(404, $"Invalid rev id: {rev}");
            var tree = new Dictionary<string, FakeHubEntry>(parent.Tree, StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in parsed.Skip(1))
            {
                var problem = ApplyOperation(repo, line, tree, seen);
                if (problem is not null) return problem;
            }
            var commit = repo.AddCommit(rev, (string)parsed[0]!["value"]!["summary"]!, tree);
            return Results.Json(new JsonObject { ["success"] = true, ["commitOid"] = commit.Oid, ["commitUrl"] = $"{Endpoint}datasets/{repo.Id}/commit/{commit.Oid}" });
        }
    }

    private static IResult? ApplyOperation(FakeHubRepo repo, JsonObject? line, Dictionary<string, FakeHubEntry> tree, HashSet<string> seen)
    {
        var key = (string?)line?["key"];
        var value = line?["value"] as JsonObject;
        var path = (string?)value?["path"];
        if (value is null || !IsValidPath(path)) return Error(400, $"Invalid operation {line?.ToJsonString()}: needs value.path");
        if (!seen.Add(path!)) return Error(422, $"{path} appears twice in the commit");
        switch (key)
        {
            case "file":
                if ((string?)value["encoding"] != "base64") return Error(400, $"{path}: encoding must be base64");
                byte[] content;
                try { content = Convert.FromBase64String((string?)value["content"] ?? ""); }
                catch (FormatException) { return Error(400, $"{path}: content is not base64"); }
                if (MustBeLfs(path!, content.Length, content.AsSpan(0, Math.Min(512, content.Length))))
                    return Error(400, $"Your push was rejected because it contains binary files: {path} must be uploaded with LFS (preupload said so)");
                tree[path!] = FakeHubEntry.Regular(path!, content);
                return null;
            case "lfsFile":
                var oid = (string?)value["oid"];
                var size = (long?)value["size"];
                if ((string?)value["algo"] != "sha256" || oid is null || size is null) return Error(400, $"{path}: lfsFile needs algo sha256, oid and size");
                if (!repo.LfsObjects.TryGetValue(oid, out var blob)) return Error(422, $"{path}: LFS object {oid} was never uploaded");
                if (blob.Length != size) return Error(422, $"{path}: LFS object {oid} has {blob.Length} bytes, the commit says {size}");
                tree[path!] = FakeHubEntry.Lfs(path!, oid, size.Value);
                return null;
            case "deletedFile":
                return tree.Remove(path!) ? null : Error(404, $"{path} does not exist");
            default:
                return Error(400, $"Unknown operation key '{key}'");
        }
    }

    private IResult TreeAsync(HttpContext ctx, string ns, string name, string rev)
    {
        if (!TryWritableRepo(ctx, ns, name, out var repo, out var error)) return error!;
        if ((string?)ctx.Request.Query["recursive"] != "true") return Error(400, "This fake only lists recursively: pass recursive=true");
        FakeHubCommit? commit;
        lock (_gate) commit = repo.Resolve(rev);
        if (commit is null) return Error(404, $"Revision Not Found: {rev}");
        var entries = commit.Tree.Values.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        var start = int.TryParse(ctx.Request.Query["cursor"], out var c) ? c : 0;
        var page = new JsonArray();
        foreach (var e in entries.Skip(start).Take(TreePageSize))
        {
            var item = new JsonObject { ["type"] = "file", ["oid"] = e.GitOid, ["size"] = e.Size, ["path"] = e.Path };
            if (e.LfsOid is not null) item["lfs"] = new JsonObject { ["oid"] = e.LfsOid, ["size"] = e.Size, ["pointerSize"] = e.Blob.Length };
            page.Add(item);
        }
        if (start + TreePageSize < entries.Count)
            ctx.Response.Headers.Link = $"<{Endpoint}api/datasets/{repo.Id}/tree/{rev}?recursive=true&cursor={start + TreePageSize}>; rel=\"next\"";
        return Results.Json(page);
    }

    private async Task<IResult> CreateTagAsync(HttpContext ctx, string ns, string name, string rev)
    {
        if (!TryWritableRepo(ctx, ns, name, out var repo, out var error)) return error!;
        var body = await ReadJsonObjectAsync(ctx.Request);
        var tag = (string?)body?["tag"];
        if (string.IsNullOrEmpty(tag)) return Error(400, "Body must be {\"tag\": ...}");
        lock (_gate)
        {
            if (repo.Resolve(rev) is not { } commit) return Error(404, $"Invalid rev id: {rev}");
            if (repo.Tags.ContainsKey(tag)) return Error(409, $"Tag {tag} already exists");
            repo.Tags[tag] = commit.Oid;
        }
        return Results.Ok();
    }

    private IResult DeleteTagAsync(HttpContext ctx, string ns, string name, string tag)
    {
        if (!TryWritableRepo(ctx, ns, name, out var repo, out var error)) return error!;
        lock (_gate) return repo.Tags.Remove(tag) ? Results.Ok() : Error(404, $"Tag {tag} not found");
    }

    private bool HasRevision(FakeHubRepo repo, string rev)
    {
        lock (_gate) return repo.Resolve(rev) is not null;
    }
}
