namespace Fleet.Dataset.Hub;

/// <summary>What a push did.</summary>
/// <param name="Repo">The repository pushed to.</param>
/// <param name="CommitOid">The commit the <c>v3.0</c> tag now points at; <c>null</c> when nothing had changed and no commit was made (the tag then points at the branch head).</param>
/// <param name="FilesCommitted">Files (card included) written by the commit.</param>
/// <param name="FilesUnchanged">Files the repository already held with the same content, so left out of the commit.</param>
/// <param name="LfsObjectsUploaded">LFS objects sent by this run.</param>
/// <param name="LfsObjectsAlreadyThere">LFS objects the Hub already had (from an interrupted earlier run, or another repository).</param>
/// <param name="BytesUploaded">LFS bytes sent by this run.</param>
public sealed record PushResult(RepoId Repo, string? CommitOid, int FilesCommitted, int FilesUnchanged, int LfsObjectsUploaded, int LfsObjectsAlreadyThere, long BytesUploaded);
