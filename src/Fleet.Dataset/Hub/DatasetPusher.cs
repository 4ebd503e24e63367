using System.Text;

namespace Fleet.Dataset.Hub;

/// <summary>
/// Pushes a LeRobotDataset v3.0 folder to a Hub dataset repository the way LeRobot's <c>push_to_hub</c> leaves it:
/// <list type="number">
/// <item>hash the folder (<see cref="UploadPlan"/>; refuses non-v3 folders before any request);</item>
/// <item>create the repository (an existing one is fine);</item>
/// <item>list the files already at the revision and leave out those with the same content;</item>
/// <item>preupload: the Hub says which files go through LFS;</item>
/// <item>LFS batch: send the objects the Hub does not have yet (one at a time);</item>
/// <item>one commit with the regular files inline, the LFS files by oid, and the dataset card <c>README.md</c>;</item>
/// <item>point the <c>v3.0</c> tag at that commit (LeRobot refuses to load an untagged dataset).</item>
/// </list>
/// Resuming is stateless: a push that failed anywhere is simply run again. Objects uploaded before the failure
/// are skipped by step 5 and files committed before it by step 3, so only what is missing travels.
/// </summary>
public sealed class DatasetPusher(HubClient hub)
{
    /// <summary>The tag LeRobot resolves a v3.0 dataset by.</summary>
    public const string VersionTag = "v3.0";

    /// <summary>Pushes <paramref name="folder"/> to <paramref name="repo"/>; see the class doc for the steps.</summary>
    /// <exception cref="DatasetFolderException">The folder is missing or not a v3.0 dataset.</exception>
    /// <exception cref="HubException">The Hub refused a step or could not be reached.</exception>
    public async Task<PushResult> PushAsync(string folder, RepoId repo, bool isPrivate, IProgress<PushProgress>? progress, CancellationToken ct)
    {
        var revision = hub.Options.Revision;
        var plan = await HashAsync(folder, progress, ct).ConfigureAwait(false);
        progress?.Report(new PushProgress(PushStage.Planning, 0, 0));
        await hub.CreateDatasetRepoAsync(repo, isPrivate, ct).ConfigureAwait(false);
        var remote = (await hub.ListFilesAsync(repo, revision, ct).ConfigureAwait(false)).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var changed = plan.Files.Where(f => !(remote.TryGetValue(f.PathInRepo, out var r) && r.Matches(f))).ToList();
        var modes = changed.Count == 0 ? new Dictionary<string, (bool Lfs, bool Ignore)>() : await hub.PreuploadAsync(repo, revision, changed, ct).ConfigureAwait(false);
        var toSend = changed.Where(f => !modes[f.PathInRepo].Ignore).ToList();
        var lfsFiles = toSend.Where(f => modes[f.PathInRepo].Lfs && f.Size > 0).ToList();
        var lfsPaths = lfsFiles.Select(f => f.PathInRepo).ToHashSet(StringComparer.Ordinal);

        var (uploaded, already, bytes) = await UploadLfsAsync(repo, revision, lfsFiles, progress, ct).ConfigureAwait(false);

        progress?.Report(new PushProgress(PushStage.Committing, 0, 0));
        var commit = await BuildCommitAsync(plan, toSend, lfsPaths, repo, remote, ct).ConfigureAwait(false);
        string? commitOid = null;
        if (commit.FileCount > 0) commitOid = await hub.CommitAsync(repo, revision, commit, ct).ConfigureAwait(false);
        await hub.MoveTagAsync(repo, VersionTag, commitOid ?? revision, ct).ConfigureAwait(false);
        progress?.Report(new PushProgress(PushStage.Done, 0, 0));
        return new PushResult(repo, commitOid, commit.FileCount, plan.Files.Count - changed.Count, uploaded, already, bytes);
    }

    private static async Task<CommitBuilder> BuildCommitAsync(UploadPlan plan, IReadOnlyList<LocalFile> toSend, HashSet<string> lfsPaths,
        RepoId repo, IReadOnlyDictionary<string, RemoteFile> remote, CancellationToken ct)
    {
        var commit = new CommitBuilder("Upload LeRobotDataset v3.0 with fleet dataset push", $"{plan.Files.Count} files, {toSend.Count} new or changed.");
        foreach (var f in toSend)
        {
            if (lfsPaths.Contains(f.PathInRepo)) commit.AddLfs(f.PathInRepo, f.Sha256, f.Size);
            else commit.AddInline(f.PathInRepo, await File.ReadAllBytesAsync(f.FullPath, ct).ConfigureAwait(false));
        }
        // The card is rendered from info.json each time; it is only rewritten when its text changed.
        var card = Encoding.UTF8.GetBytes(DatasetCard.Render(repo, plan.Info));
        if (!(remote.TryGetValue(DatasetCard.PathInRepo, out var remoteCard) && remoteCard.Size == card.Length && remoteCard.Oid == GitBlob.Id(card)))
            commit.AddInline(DatasetCard.PathInRepo, card);
        return commit;
    }

    private static async Task<UploadPlan> HashAsync(string folder, IProgress<PushProgress>? progress, CancellationToken ct)
    {
        long total = 0, done = 0;
        if (progress is not null && Directory.Exists(folder))
            total = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(p => !UploadPlan.IsIgnored(Path.GetRelativePath(folder, p).Replace('\\', '/')))
                .Sum(p => new FileInfo(p).Length);
        var hashed = progress is null ? null : new SyncProgress<long>(n => progress.Report(new PushProgress(PushStage.Hashing, done += n, total)));
        return await UploadPlan.CreateAsync(folder, hashed, ct).ConfigureAwait(false);
    }

    private async Task<(int Uploaded, int Already, long Bytes)> UploadLfsAsync(
        RepoId repo, string revision, IReadOnlyList<LocalFile> files, IProgress<PushProgress>? progress, CancellationToken ct)
    {
        if (files.Count == 0) return (0, 0, 0);
        var lfs = new LfsBatch(hub, repo);
        var plans = await lfs.PlanAsync(files, revision, ct).ConfigureAwait(false);
        var pending = plans.Where(p => p.NeedsUpload).ToList();
        long total = pending.Sum(p => p.File.Size), done = 0;
        progress?.Report(new PushProgress(PushStage.Uploading, 0, total));
        var sent = new SyncProgress<long>(n => progress?.Report(new PushProgress(PushStage.Uploading, done += n, total)));
        foreach (var p in pending)
            await lfs.UploadAsync(p, sent, ct).ConfigureAwait(false);
        return (pending.Count, plans.Count - pending.Count, total);
    }

    // Progress<T> posts to the thread pool; counters here must be reported in order, on the caller's thread.
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
