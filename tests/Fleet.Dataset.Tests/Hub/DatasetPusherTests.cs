using System.Net;
using System.Security.Cryptography;
using System.Text;
using Fleet.Dataset.Hub;
using Fleet.Dataset.Tests.Infrastructure;

namespace Fleet.Dataset.Tests.Hub;

public class DatasetPusherTests(RecordedDataset dataset) : IClassFixture<RecordedDataset>
{
    private const string Token = "hf_fake_write_token";
    private static readonly RepoId Repo = RepoId.Parse("fleet-lab/so101-pick");

    private static async Task<PushResult> PushAsync(FakeHubServer server, string folder, string token = Token, RepoId? repo = null, bool isPrivate = false)
    {
        using var hub = new HubClient(new HubOptions(server.Endpoint, token));
        return await new DatasetPusher(hub).PushAsync(folder, repo ?? Repo, isPrivate, null, CancellationToken.None);
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private static List<string> LocalFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith("images/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    // Identical episodes give identical files; LFS stores their content once.
    private static int DistinctLfsObjects(string root) =>
        LocalFiles(root).Where(p => p.EndsWith(".parquet") || p.EndsWith(".mp4")).Select(p => Sha256(Path.Combine(root, p))).Distinct().Count();

    /// <summary>Checks the tagged tree of the repository file by file against the local folder.</summary>
    private static void AssertRepoHoldsDataset(FakeHubServer server, string root)
    {
        var repo = server.Repo(Repo.ToString())!;
        Assert.True(repo.Tags.TryGetValue(DatasetPusher.VersionTag, out var tagged), "the v3.0 tag is missing");
        Assert.Equal(repo.Branches["main"], tagged);
        var tree = repo.Resolve(DatasetPusher.VersionTag)!.Tree;
        var local = LocalFiles(root);
        Assert.Equal([".gitattributes", DatasetCard.PathInRepo, .. local], tree.Keys.Order(StringComparer.Ordinal));
        foreach (var path in local)
        {
            var entry = tree[path];
            var bytes = File.ReadAllBytes(Path.Combine(root, path));
            if (path.EndsWith(".parquet", StringComparison.Ordinal) || path.EndsWith(".mp4", StringComparison.Ordinal))
            {
                var oid = Sha256(Path.Combine(root, path));
                Assert.Equal(oid, entry.LfsOid);
                Assert.Equal($"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {bytes.Length}\n", Encoding.ASCII.GetString(entry.Blob));
                Assert.Equal(bytes, repo.LfsObjects[oid]);
            }
            else
            {
                Assert.Null(entry.LfsOid);
                Assert.Equal(bytes, entry.Blob);
            }
        }
    }

    [Fact]
    public async Task PushAsync_FreshRepo_EveryFileLandsWithLfsPointersInlineMetadataCardAndTag()
    {
        using var dir = new TempDir();
        var root = dataset.CopyTo(dir.Path);
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(root, "images", "front")).FullName, "frame-000000.png"), "temporary");
        await using var server = await FakeHubServer.StartAsync();
        var lfsSizes = LocalFiles(root).Where(p => p.EndsWith(".parquet") || p.EndsWith(".mp4")).Select(p => new FileInfo(Path.Combine(root, p)).Length).Order().ToList();
        server.MultipartThreshold = lfsSizes[lfsSizes.Count / 2];
        server.MultipartChunkSize = 1000;

        var result = await PushAsync(server, root, isPrivate: true);

        AssertRepoHoldsDataset(server, root);
        var repo = server.Repo(Repo.ToString())!;
        Assert.True(repo.IsPrivate);
        Assert.Equal(result.CommitOid, repo.Tags[DatasetPusher.VersionTag]);
        Assert.Equal(DistinctLfsObjects(root), result.LfsObjectsUploaded);
        Assert.Contains(server.Requests, r => r.StartsWith("PUT /fake-storage/", StringComparison.Ordinal) && r.Contains("/part/"));
        Assert.Contains(server.Requests, r => r.StartsWith("PUT /fake-storage/", StringComparison.Ordinal) && !r.Contains("/part/"));
        Assert.DoesNotContain(server.Requests, r => r.Contains("images"));
        var card = Encoding.UTF8.GetString(repo.Resolve("v3.0")!.Tree[DatasetCard.PathInRepo].Blob);
        Assert.StartsWith("---\nlicense: apache-2.0\ntask_categories:\n- robotics\ntags:\n- LeRobot\n", card);
        Assert.Contains("data_files: data/*/*.parquet", card);
        Assert.Contains("\"codebase_version\": \"v3.0\"", card);
        Assert.Contains("\"total_episodes\": 3", card);
    }

    [Fact]
    public async Task PushAsync_ThirdLfsUploadFailsOnce_SecondRunSendsOnlyWhatIsMissing()
    {
        using var dir = new TempDir();
        var root = dataset.CopyTo(dir.Path);
        await using var server = await FakeHubServer.StartAsync();
        server.TreePageSize = 3;
        var lfsCount = DistinctLfsObjects(root);
        server.FailLfsUploadOnce(3);

        var failure = await Assert.ThrowsAsync<HubException>(() => PushAsync(server, root));
        Assert.Equal(HttpStatusCode.InternalServerError, failure.Status);
        Assert.Contains("push again", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Single(server.Repo(Repo.ToString())!.Commits);
        Assert.Equal(2, server.LfsObjectsReceived);

        var resumed = await PushAsync(server, root);
        Assert.Equal(2, resumed.LfsObjectsAlreadyThere);
        Assert.Equal(lfsCount - 2, resumed.LfsObjectsUploaded);
        Assert.Equal(lfsCount, server.LfsObjectsReceived);
        AssertRepoHoldsDataset(server, root);

        var again = await PushAsync(server, root);
        Assert.Null(again.CommitOid);
        Assert.Equal(0, again.FilesCommitted);
        Assert.Equal(0, again.LfsObjectsUploaded);
        Assert.Equal(LocalFiles(root).Count, again.FilesUnchanged);
        Assert.Equal(lfsCount, server.LfsObjectsReceived);
        AssertRepoHoldsDataset(server, root);
    }

    [Fact]
    public async Task PushAsync_WithProgress_ReportsStagesInOrderAndByteCountersReachTheirTotals()
    {
        using var dir = new TempDir();
        var root = dataset.CopyTo(dir.Path);
        Directory.CreateDirectory(Path.Combine(root, "images"));
        File.WriteAllBytes(Path.Combine(root, "images", "left-over.png"), new byte[5000]);
        await using var server = await FakeHubServer.StartAsync();
        var reports = new List<PushProgress>();
        using var hub = new HubClient(new HubOptions(server.Endpoint, Token));

        var result = await new DatasetPusher(hub).PushAsync(root, Repo, false, new Collect(reports), CancellationToken.None);

        var stages = reports.Select(r => r.Stage).Distinct().ToList();
        Assert.Equal([PushStage.Hashing, PushStage.Planning, PushStage.Uploading, PushStage.Committing, PushStage.Done], stages);
        var localBytes = LocalFiles(root).Sum(p => new FileInfo(Path.Combine(root, p)).Length);
        var lastHash = reports.Last(r => r.Stage == PushStage.Hashing);
        Assert.Equal((localBytes, localBytes), (lastHash.Done, lastHash.Total));
        var lastUpload = reports.Last(r => r.Stage == PushStage.Uploading);
        Assert.Equal((result.BytesUploaded, result.BytesUploaded), (lastUpload.Done, lastUpload.Total));
    }

    private sealed class Collect(List<PushProgress> into) : IProgress<PushProgress>
    {
        public void Report(PushProgress value) => into.Add(value);
    }

    [Fact]
    public async Task PushAsync_OneFileChangedAfterPush_CommitsOnlyThatFile()
    {
        using var dir = new TempDir();
        var root = dataset.CopyTo(dir.Path);
        await using var server = await FakeHubServer.StartAsync();
        await PushAsync(server, root);
        File.AppendAllText(Path.Combine(root, "meta", "stats.json"), " ");

        var second = await PushAsync(server, root);

        Assert.Equal(1, second.FilesCommitted);
        Assert.Equal(0, second.LfsObjectsUploaded);
        AssertRepoHoldsDataset(server, root);
    }

    [Fact]
    public async Task PushAsync_WrongToken_ThrowsNamingTheRepoAndHfToken()
    {
        using var dir = new TempDir();
        var root = dataset.CopyTo(dir.Path);
        await using var server = await FakeHubServer.StartAsync();

        var e = await Assert.ThrowsAsync<HubException>(() => PushAsync(server, root, token: "hf_wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, e.Status);
        Assert.Contains(Repo.ToString(), e.Message);
        Assert.Contains("HF_TOKEN", e.Message);
        Assert.Contains("Invalid credentials in Authorization header", e.Message);
        Assert.Null(server.Repo(Repo.ToString()));
    }

    [Fact]
    public async Task PushAsync_NamespaceOfAnotherUser_ThrowsAskingForWriteAccess()
    {
        using var dir = new TempDir();
        var root = dataset.CopyTo(dir.Path);
        await using var server = await FakeHubServer.StartAsync();

        var e = await Assert.ThrowsAsync<HubException>(() => PushAsync(server, root, repo: RepoId.Parse("someone-else/data")));

        Assert.Equal(HttpStatusCode.Forbidden, e.Status);
        Assert.Contains("someone-else/data", e.Message);
        Assert.Contains("write access", e.Message);
    }

    [Fact]
    public async Task PushAsync_NothingListening_ThrowsNamingTheEndpointAndHfEndpoint()
    {
        using var dir = new TempDir();
        var root = dataset.CopyTo(dir.Path);
        var endpoint = new Uri("http://127.0.0.1:1");
        using var hub = new HubClient(new HubOptions(endpoint, Token));

        var e = await Assert.ThrowsAsync<HubException>(() => new DatasetPusher(hub).PushAsync(root, Repo, false, null, CancellationToken.None));

        Assert.Null(e.Status);
        Assert.Contains("http://127.0.0.1:1 could not be reached", e.Message);
        Assert.Contains("HF_ENDPOINT", e.Message);
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public async Task PushAsync_MissingFolder_ThrowsBeforeAnyRequest()
    {
        using var dir = new TempDir();
        await using var server = await FakeHubServer.StartAsync();
        var missing = Path.Combine(dir.Path, "no-such-dataset");

        var e = await Assert.ThrowsAsync<DatasetFolderException>(() => PushAsync(server, missing));

        Assert.Contains(missing, e.Message);
        Assert.Contains("does not exist", e.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task PushAsync_OlderCodebaseVersion_ThrowsNamingInfoJsonBeforeAnyRequest()
    {
        using var dir = new TempDir();
        var root = dataset.CopyTo(dir.Path);
        var info = Path.Combine(root, "meta", "info.json");
        File.WriteAllText(info, File.ReadAllText(info).Replace("\"v3.0\"", "\"v2.1\""));
        await using var server = await FakeHubServer.StartAsync();

        var e = await Assert.ThrowsAsync<DatasetFolderException>(() => PushAsync(server, root));

        Assert.Contains(info, e.Message);
        Assert.Contains("'v2.1'", e.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task PushAsync_FolderWithoutInfoJson_ThrowsNamingTheMissingFile()
    {
        using var dir = new TempDir();
        var root = Directory.CreateDirectory(Path.Combine(dir.Path, "photos")).FullName;
        File.WriteAllText(Path.Combine(root, "a.txt"), "not a dataset");
        await using var server = await FakeHubServer.StartAsync();

        var e = await Assert.ThrowsAsync<DatasetFolderException>(() => PushAsync(server, root));

        Assert.Contains(Path.Combine(root, "meta", "info.json"), e.Message);
        Assert.Empty(server.Requests);
    }
}
