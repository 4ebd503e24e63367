namespace Fleet.Dataset.Hub;

/// <summary>A file already in the Hub repository at some revision, as its tree listing reports it.</summary>
/// <param name="Path">Path inside the repository.</param>
/// <param name="Oid">The git blob id (SHA-1 hex) of the file, or of its LFS pointer for LFS files.</param>
/// <param name="Size">Content size in bytes.</param>
/// <param name="LfsOid">The SHA-256 of the content when the file is stored in LFS, else <c>null</c>.</param>
public sealed record RemoteFile(string Path, string Oid, long Size, string? LfsOid)
{
    /// <summary>Whether this remote file already holds exactly the content of <paramref name="local"/>.</summary>
    public bool Matches(LocalFile local) =>
        Size == local.Size && (LfsOid is not null ? LfsOid == local.Sha256 : Oid == local.GitSha1);
}
