using System.CommandLine;
using Fleet.Dataset.Hub;
using Spectre.Console;

namespace Fleet.Node.Cli;

/// <summary>
/// <c>fleet dataset push DIR --repo-id user/name [--private]</c>: uploads a LeRobotDataset v3.0 folder to a Hugging
/// Face Hub dataset repository (see <see cref="DatasetPusher"/> for the steps), with progress bars. The token comes
/// from <c>HF_TOKEN</c> and the Hub from <c>HF_ENDPOINT</c> (default https://huggingface.co). An interrupted push is
/// resumed by running the same command again. Exit codes: 0 pushed, 1 the folder or the Hub refused, 2 bad arguments.
/// </summary>
internal static class DatasetPushCommand
{
    /// <summary>Builds the <c>push</c> subcommand of the dataset palette.</summary>
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "The dataset root (the folder holding meta/info.json, data/ and videos/)." };
        var repoId = new Option<string>("--repo-id") { Description = "The Hub dataset repository, user/name or org/name; created if missing.", Required = true };
        var isPrivate = new Option<bool>("--private") { Description = "Create the repository private (an existing repository keeps its visibility)." };
        var push = new Command("push", "Upload a LeRobotDataset v3.0 folder to the Hugging Face Hub (token from HF_TOKEN); run again to resume.");
        push.Arguments.Add(folder);
        push.Options.Add(repoId);
        push.Options.Add(isPrivate);
        push.SetAction(async (parseResult, ct) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            RepoId repo;
            try { repo = RepoId.Parse(parseResult.GetValue(repoId)!); }
            catch (ArgumentException e)
            {
                error.WriteLine($"fleet dataset push: {e.Message}");
                return 2;
            }
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parseResult.InvocationConfiguration.Output) });
            try
            {
                using var hub = new HubClient(HubOptions.FromEnvironment());
                var result = await RunWithProgressAsync(console, new DatasetPusher(hub), parseResult.GetValue(folder)!.FullName, repo, parseResult.GetValue(isPrivate), ct);
                parseResult.InvocationConfiguration.Output.WriteLine(Summary(hub.Options.Endpoint, result));
                return 0;
            }
            catch (Exception e) when (e is HubException or DatasetFolderException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"fleet dataset push: {e.Message}");
                return 1;
            }
        });
        return push;
    }

    private static Task<PushResult> RunWithProgressAsync(IAnsiConsole console, DatasetPusher pusher, string folder, RepoId repo, bool isPrivate, CancellationToken ct) =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var hashing = ctx.AddTask("Hashing files");
                var uploading = ctx.AddTask("Uploading LFS objects", autoStart: false);
                var committing = ctx.AddTask("Commit, card and v3.0 tag", autoStart: false).IsIndeterminate();
                var progress = new InlineProgress(p => Show(p, hashing, uploading, committing));
                return await pusher.PushAsync(folder, repo, isPrivate, progress, ct);
            });

    private static void Show(PushProgress p, ProgressTask hashing, ProgressTask uploading, ProgressTask committing)
    {
        switch (p.Stage)
        {
            case PushStage.Hashing:
                hashing.MaxValue = Math.Max(1, p.Total);
                hashing.Value = p.Done;
                break;
            case PushStage.Planning:
                hashing.Value = hashing.MaxValue;
                break;
            case PushStage.Uploading:
                if (!uploading.IsStarted) uploading.StartTask();
                uploading.MaxValue = Math.Max(1, p.Total);
                uploading.Value = p.Total == 0 ? 1 : p.Done;
                break;
            case PushStage.Committing:
                if (!uploading.IsStarted) uploading.StartTask();
                uploading.Value = uploading.MaxValue;
                committing.StartTask();
                break;
            case PushStage.Done:
                committing.IsIndeterminate(false);
                committing.Value = committing.MaxValue;
                break;
        }
    }

    private static string Summary(Uri endpoint, PushResult r) =>
        $"Pushed to {endpoint.ToString().TrimEnd('/')}/datasets/{r.Repo} " +
        (r.CommitOid is null ? "(nothing had changed; no new commit), " : $"(commit {r.CommitOid[..Math.Min(12, r.CommitOid.Length)]}), ") +
        $"tag {DatasetPusher.VersionTag}: {r.FilesCommitted} files committed, {r.FilesUnchanged} unchanged, " +
        $"{r.LfsObjectsUploaded} LFS objects uploaded ({r.BytesUploaded:N0} bytes), {r.LfsObjectsAlreadyThere} already on the Hub.";

    // Reports arrive in order on the pushing thread; Progress<T> would post them to the thread pool out of order.
    private sealed class InlineProgress(Action<PushProgress> report) : IProgress<PushProgress>
    {
        public void Report(PushProgress value) => report(value);
    }
}
