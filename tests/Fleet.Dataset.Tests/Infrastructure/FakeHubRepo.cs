using System.Security.Cryptography;
using System.Text;

namespace Fleet.Dataset.Tests.Infrastructure;

/// <summary>A file in a fake Hub repository: regular bytes, or an LFS pointer to an object in the repo's LFS store.</summary>
internal sealed record FakeHubEntry(string Path, byte[] Blob, string? LfsOid, long Size)
{
    public static FakeHubEntry Regular(string path, byte[] content) => new(path, content, null, content.Length);

    public static FakeHubEntry Lfs(string path, string oid, long size) =>
        new(path, Encoding.ASCII.GetBytes($"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {size}\n"), oid, size);

    /// <summary>The git blob id of what git stores (the content, or the pointer for LFS files).</summary>
    public string GitOid => Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {Blob.Length}\0"), .. Blob]));
}

/// <summary>One commit: its id, summary and the whole tree after it.</summary>
internal sealed record FakeHubCommit(string Oid, string Summary, IReadOnlyDictionary<string, FakeHubEntry> Tree);

/// <summary>The state of one fake dataset repository. Guarded by the server's lock.</summary>
internal sealed class FakeHubRepo(string id, bool isPrivate)
{
    public string Id { get; } = id;

    public bool IsPrivate { get; } = isPrivate;

    public List<FakeHubCommit> Commits { get; } = [];

    public Dictionary<string, string> Branches { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, byte[]> LfsObjects { get; } = new(StringComparer.Ordinal);

    /// <summary>Resolves a branch, tag or commit id to a commit, or null.</summary>
    public FakeHubCommit? Resolve(string revision)
    {
        var oid = Branches.GetValueOrDefault(revision) ?? Tags.GetValueOrDefault(revision) ?? revision;
        return Commits.FirstOrDefault(c => c.Oid == oid);
    }

    public FakeHubCommit AddCommit(string branch, string summary, IReadOnlyDictionary<string, FakeHubEntry> tree)
    {
        var commit = new FakeHubCommit(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), summary, tree);
        Commits.Add(commit);
        Branches[branch] = commit.Oid;
        return commit;
    }
}
