using System.Text;
using System.Text.Json;

namespace Fleet.Dataset.Hub;

/// <summary>
/// Builds the body of <c>POST /api/datasets/{repo}/commit/{revision}</c>: newline-delimited JSON
/// (<c>application/x-ndjson</c>). The first line is the <c>header</c> (summary and description); then one line per
/// file: <c>file</c> with the content inline as base64 for regular files, or <c>lfsFile</c> with the SHA-256 oid and
/// size of an object already uploaded through the LFS batch API.
/// </summary>
public sealed class CommitBuilder
{
    private readonly MemoryStream _body = new();
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    /// <summary>Starts a commit with its summary line and optional longer description.</summary>
    public CommitBuilder(string summary, string description = "")
    {
        if (string.IsNullOrWhiteSpace(summary)) throw new ArgumentException("A commit needs a summary.", nameof(summary));
        WriteLine("header", w => { w.WriteString("summary", summary); w.WriteString("description", description); });
    }

    /// <summary>How many files the commit adds or replaces.</summary>
    public int FileCount => _paths.Count;

    /// <summary>Adds a regular file whose bytes travel inside the commit body.</summary>
    public CommitBuilder AddInline(string path, ReadOnlySpan<byte> content)
    {
        Claim(path);
        var base64 = Convert.ToBase64String(content);
        WriteLine("file", w => { w.WriteString("content", base64); w.WriteString("path", path); w.WriteString("encoding", "base64"); });
        return this;
    }

    /// <summary>Adds a file stored as an LFS object (uploaded before the commit) by its SHA-256 and size.</summary>
    public CommitBuilder AddLfs(string path, string sha256, long size)
    {
        Claim(path);
        WriteLine("lfsFile", w => { w.WriteString("path", path); w.WriteString("algo", "sha256"); w.WriteString("oid", sha256); w.WriteNumber("size", size); });
        return this;
    }

    /// <summary>The ndjson body, one JSON object per line, each line ending in <c>\n</c>.</summary>
    public byte[] ToBytes() => _body.ToArray();

    private void Claim(string path)
    {
        if (!_paths.Add(path)) throw new ArgumentException($"{path} is already in this commit; a commit names each path once.", nameof(path));
    }

    private void WriteLine(string key, Action<Utf8JsonWriter> value)
    {
        using (var w = new Utf8JsonWriter(_body))
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteStartObject("value");
            value(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        _body.Write("\n"u8);
    }
}
