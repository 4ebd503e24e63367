namespace Fleet.Dataset.Hub;

/// <summary>One file of the dataset folder as the Hub sees it.</summary>
/// <param name="PathInRepo">The path inside the repository, '/'-separated (e.g. <c>data/chunk-000/file-000.parquet</c>).</param>
/// <param name="FullPath">Where the bytes are on this machine.</param>
/// <param name="Size">Length in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content: the LFS object id.</param>
/// <param name="GitSha1">Lower-case hex git blob id (<c>sha1("blob {size}\0" + content)</c>): the oid the Hub lists for a regular file.</param>
/// <param name="Sample">The first 512 bytes, which the preupload endpoint reads to decide LFS or regular.</param>
public sealed record LocalFile(string PathInRepo, string FullPath, long Size, string Sha256, string GitSha1, byte[] Sample);
