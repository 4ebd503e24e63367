using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Fleet.Dataset.Hub;

/// <summary>
/// The files of a LeRobotDataset v3.0 folder to push, hashed. Like LeRobot's <c>push_to_hub</c> it leaves out
/// <c>images/</c> (temporary PNG frames), <c>.git/</c> and <c>.cache/huggingface/</c>; a local <c>README.md</c> is
/// left out too because the pusher writes the dataset card. <see cref="CreateAsync"/> refuses a folder that is not a
/// v3.0 dataset before anything is sent.
/// </summary>
public sealed class UploadPlan
{
    private const int SampleSize = 512;

    private UploadPlan(string root, JsonObject info, IReadOnlyList<LocalFile> files) => (Root, Info, Files) = (root, info, files);

    /// <summary>The dataset folder.</summary>
    public string Root { get; }

    /// <summary>The parsed <c>meta/info.json</c>, used for the dataset card.</summary>
    public JsonObject Info { get; }

    /// <summary>The files to push, sorted by repository path.</summary>
    public IReadOnlyList<LocalFile> Files { get; }

    /// <summary>Total bytes of <see cref="Files"/>.</summary>
    public long TotalBytes => Files.Sum(f => f.Size);

    /// <summary>
    /// Checks that <paramref name="root"/> is a v3.0 dataset and hashes its files, reporting each hashed file's bytes
    /// to <paramref name="hashed"/>. Throws <see cref="DatasetFolderException"/> naming the folder and the problem.
    /// </summary>
    public static async Task<UploadPlan> CreateAsync(string root, IProgress<long>? hashed, CancellationToken ct)
    {
        root = Path.GetFullPath(root);
        var info = await ReadInfoAsync(root, ct).ConfigureAwait(false);
        var paths = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(p => (Full: p, Repo: Path.GetRelativePath(root, p).Replace('\\', '/')))
            .Where(p => !IsIgnored(p.Repo))
            .OrderBy(p => p.Repo, StringComparer.Ordinal)
            .ToList();
        if (!paths.Any(p => p.Repo.StartsWith("data/", StringComparison.Ordinal) && p.Repo.EndsWith(".parquet", StringComparison.Ordinal)))
            throw new DatasetFolderException($"{root} has no data/*/*.parquet files: it holds no recorded episodes. Record at least one episode (and finish the dataset) before pushing.");
        var files = new List<LocalFile>(paths.Count);
        foreach (var (full, repo) in paths)
            files.Add(await HashAsync(full, repo, hashed, ct).ConfigureAwait(false));
        return new UploadPlan(root, info, files);
    }

    /// <summary>Whether a repository path stays local (see the class doc).</summary>
    public static bool IsIgnored(string pathInRepo) =>
        pathInRepo.StartsWith("images/", StringComparison.Ordinal)
        || pathInRepo.StartsWith(".git/", StringComparison.Ordinal) || pathInRepo.Contains("/.git/", StringComparison.Ordinal)
        || pathInRepo.StartsWith(".cache/huggingface/", StringComparison.Ordinal)
        || pathInRepo == DatasetCard.PathInRepo;

    private static async Task<JsonObject> ReadInfoAsync(string root, CancellationToken ct)
    {
        if (!Directory.Exists(root))
            throw new DatasetFolderException($"Dataset folder {root} does not exist. Pass the folder that holds meta/info.json (the root folder the episodes were recorded into).");
        var infoPath = Path.Combine(root, "meta", "info.json");
        if (!File.Exists(infoPath))
            throw new DatasetFolderException($"{root} is not a LeRobotDataset: {infoPath} is missing. Pass the dataset root folder (the one holding meta/ and data/).");
        JsonObject? info;
        try { info = JsonNode.Parse(await File.ReadAllTextAsync(infoPath, ct).ConfigureAwait(false)) as JsonObject; }
        catch (System.Text.Json.JsonException e) { throw new DatasetFolderException($"{infoPath} is not valid JSON ({e.Message}). It is rewritten after every saved episode: check that the recording finished cleanly, or restore the file from a backup.", e); }
        var version = info?["codebase_version"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string?)info["codebase_version"] : null;
        if (info is null || version != Meta.InfoJson.CodebaseVersion)
            throw new DatasetFolderException(
                $"{infoPath}: codebase_version is {(version is null ? "missing" : $"'{version}'")}, not '{Meta.InfoJson.CodebaseVersion}'. " +
                "Only LeRobotDataset v3.0 folders can be pushed; convert older datasets with LeRobot's convert_dataset_v21_to_v30 first.");
        return info;
    }

    private static async Task<LocalFile> HashAsync(string full, string repo, IProgress<long>? hashed, CancellationToken ct)
    {
        await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var size = stream.Length;
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(GitBlob.Header(size));
        var buffer = new byte[1 << 16];
        var sample = new byte[Math.Min(SampleSize, size)];
        long read = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (read < sample.Length) buffer.AsSpan(0, (int)Math.Min(n, sample.Length - read)).CopyTo(sample.AsSpan((int)read));
            sha256.AppendData(buffer, 0, n);
            sha1.AppendData(buffer, 0, n);
            read += n;
            hashed?.Report(n);
        }
        if (read != size) throw new IOException($"{full} changed size while it was being hashed ({size} then {read} bytes). Stop whatever is writing the dataset and push again.");
        return new LocalFile(repo, full, size, Convert.ToHexStringLower(sha256.GetHashAndReset()), Convert.ToHexStringLower(sha1.GetHashAndReset()), sample);
    }
}
