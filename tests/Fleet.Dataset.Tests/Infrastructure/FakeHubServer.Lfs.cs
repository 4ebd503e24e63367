using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Fleet.Dataset.Tests.Infrastructure;

internal sealed partial class FakeHubServer
{
    private const string LfsJson = "application/vnd.git-lfs+json";

    /// <summary>An upload slot handed out by the batch API: which object goes where, and its multipart parts so far.</summary>
    private sealed record Ticket(FakeHubRepo Repo, string Oid, long Size, int? ChunkSize)
    {
        public Dictionary<int, byte[]> Parts { get; } = [];
    }

    private readonly Dictionary<string, Ticket> _tickets = new(StringComparer.Ordinal);

    private async Task<IResult> LfsBatchAsync(HttpContext ctx, string ns, string name)
    {
        if (!TryWritableRepo(ctx, ns, name, out var repo, out var error)) return error!;
        if (!ctx.Request.Headers.Accept.ToString().Contains(LfsJson, StringComparison.Ordinal) || ctx.Request.ContentType?.StartsWith(LfsJson, StringComparison.Ordinal) != true)
            return Error(406, $"The LFS batch API needs Accept and Content-Type {LfsJson}");
        var body = await ReadJsonObjectAsync(ctx.Request);
        if ((string?)body?["operation"] != "upload") return Error(400, "\"operation\" must be \"upload\"");
        if (body!["hash_algo"] is { } algo && (string?)algo != "sha256") return Error(409, "Only sha256 object ids are supported");
        var transfers = (body["transfers"] as JsonArray)?.Select(t => (string?)t).ToList() ?? ["basic"];
        if (!transfers.Contains("basic")) return Error(422, "The client must support the basic transfer");
        if (body["objects"] is not JsonArray objects) return Error(400, "\"objects\" must be an array");
        var answer = new JsonArray();
        foreach (var o in objects)
        {
            var oid = (string?)o?["oid"];
            var size = o?["size"]?.GetValueKind() == JsonValueKind.Number ? (long?)o["size"] : null;
            if (oid is null || oid.Length != 64 || !oid.All(char.IsAsciiHexDigitLower) || size is null or < 0)
                return Error(422, $"Invalid object {o?.ToJsonString()}: oid must be 64 lower-case hex, size >= 0");
            answer.Add(BatchObject(repo, oid, size.Value, transfers.Contains("multipart")));
        }
        return Results.Json(new JsonObject { ["transfer"] = "basic", ["objects"] = answer, ["hash_algo"] = "sha256" }, contentType: LfsJson);
    }

    private JsonObject BatchObject(FakeHubRepo repo, string oid, long size, bool multipartAllowed)
    {
        var item = new JsonObject { ["oid"] = oid, ["size"] = size, ["authenticated"] = true };
        lock (_gate)
        {
            if (repo.LfsObjects.TryGetValue(oid, out var existing) && existing.Length == size) return item;
            var ticket = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            var multipart = multipartAllowed && size > MultipartThreshold;
            _tickets[ticket] = new Ticket(repo, oid, size, multipart ? MultipartChunkSize : null);
            var header = new JsonObject { ["X-Upload-Ticket"] = ticket };
            if (multipart)
            {
                header["chunk_size"] = MultipartChunkSize.ToString();
                var parts = (size + MultipartChunkSize - 1) / MultipartChunkSize;
                for (var p = 1; p <= parts; p++) header[p.ToString("D5")] = $"{Endpoint}fake-storage/{ticket}/part/{p}";
            }
            item["actions"] = new JsonObject
            {
                ["upload"] = new JsonObject { ["href"] = $"{Endpoint}fake-storage/{ticket}", ["header"] = header, ["expires_in"] = 3600 },
                ["verify"] = new JsonObject { ["href"] = $"{Endpoint}fake-storage/{ticket}/verify", ["header"] = new JsonObject { ["X-Upload-Ticket"] = ticket } },
            };
        }
        return item;
    }

    /// <summary>Checks the storage rules shared by every storage call: known ticket, no Hub token (presigned URL).</summary>
    private bool TryTicket(HttpContext ctx, string id, bool needsHeader, out Ticket ticket, out IResult? error)
    {
        error = null;
        lock (_gate) _tickets.TryGetValue(id, out ticket!);
        if (ticket is null) error = Error(404, $"Unknown upload {id}");
        else if (ctx.Request.Headers.Authorization.Count > 0) error = Error(400, "Only one auth mechanism allowed: storage URLs are presigned, do not send the Hub token");
        else if (needsHeader && ctx.Request.Headers["X-Upload-Ticket"] != id) error = Error(403, "The upload action's header X-Upload-Ticket is missing");
        return error is null;
    }

    private async Task<IResult> StoragePutAsync(HttpContext ctx, string ticket)
    {
        if (!TryTicket(ctx, ticket, needsHeader: true, out var t, out var error)) return error!;
        if (t.ChunkSize is not null) return Error(400, "This object was given a multipart upload: PUT the parts");
        lock (_gate)
            if (++_lfsPutCount == _failLfsPutNumber) return Error(500, "Injected storage failure");
        var bytes = await ReadAllAsync(ctx.Request);
        return Store(t, bytes);
    }

    private async Task<IResult> StoragePartAsync(HttpContext ctx, string ticket, int part)
    {
        if (!TryTicket(ctx, ticket, needsHeader: false, out var t, out var error)) return error!;
        if (t.ChunkSize is not { } chunk) return Error(400, "Not a multipart upload");
        var parts = (int)((t.Size + chunk - 1) / chunk);
        if (part < 1 || part > parts) return Error(400, $"Part {part} is outside 1..{parts}");
        var bytes = await ReadAllAsync(ctx.Request);
        var expected = part < parts ? chunk : t.Size - (long)chunk * (parts - 1);
        if (bytes.Length != expected) return Error(400, $"Part {part} must have {expected} bytes, got {bytes.Length}");
        lock (_gate) t.Parts[part] = bytes;
        ctx.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\"";
        return Results.Ok();
    }

    private async Task<IResult> StorageCompleteAsync(HttpContext ctx, string ticket)
    {
        if (!TryTicket(ctx, ticket, needsHeader: true, out var t, out var error)) return error!;
        var body = await ReadJsonObjectAsync(ctx.Request);
        if ((string?)body?["oid"] != t.Oid || body!["parts"] is not JsonArray parts) return Error(400, "Completion body must be {\"oid\", \"parts\": [...]} for this object");
        using var assembled = new MemoryStream();
        lock (_gate)
        {
            if (parts.Count != t.Parts.Count) return Error(400, $"Completion lists {parts.Count} parts, {t.Parts.Count} were uploaded");
            for (var i = 0; i < parts.Count; i++)
            {
                var number = (int?)parts[i]?["partNumber"];
                var etag = (string?)parts[i]?["etag"];
                if (number != i + 1 || !t.Parts.TryGetValue(i + 1, out var bytes)) return Error(400, $"Parts must be listed 1..n in order; entry {i} is {parts[i]?.ToJsonString()}");
                if (etag != $"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\"") return Error(400, $"Part {i + 1}: etag {etag} does not match the stored part");
                assembled.Write(bytes);
            }
        }
        return Store(t, assembled.ToArray());
    }

    private IResult StorageVerifyAsync(HttpContext ctx, string ticket)
    {
        if (!TryTicket(ctx, ticket, needsHeader: true, out var t, out var error)) return error!;
        lock (_gate)
            return t.Repo.LfsObjects.TryGetValue(t.Oid, out var b) && b.Length == t.Size ? Results.Ok() : Error(404, $"Object {t.Oid} was not stored");
    }

    private IResult Store(Ticket t, byte[] bytes)
    {
        if (bytes.Length != t.Size) return Error(400, $"Object {t.Oid}: expected {t.Size} bytes, got {bytes.Length}");
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != t.Oid) return Error(400, $"Object {t.Oid}: the SHA-256 of the uploaded bytes does not match the oid");
        lock (_gate)
        {
            t.Repo.LfsObjects[t.Oid] = bytes;
            LfsObjectsReceived++;
        }
        return Results.Ok();
    }

    private static async Task<byte[]> ReadAllAsync(HttpRequest request)
    {
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms);
        return ms.ToArray();
    }
}
