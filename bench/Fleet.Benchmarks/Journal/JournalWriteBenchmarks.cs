using BenchmarkDotNet.Attributes;
using Fleet.Dataset.Journal;

namespace Fleet.Benchmarks.Journal;

/// <summary>
/// Journal write rate: 6 arms recording 6-joint frames (2 cameras) through a <see cref="JournalWriter"/> into a
/// real SQLite file (WAL, synchronous=FULL) or a real PostgreSQL server (binary COPY or one unnest INSERT per
/// batch). The baseline commits every frame in its own transaction (what an unbatched Persist would do);
/// the other rows batch up to <see cref="BatchSize"/> frames. Time is per frame: frames/s = 1 s / Mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class JournalWriteBenchmarks
{
    private const int Arms = 6;
    private const int BatchedFrames = 12000;
    private const int UnbatchedFrames = 300;

    private BenchPostgresServer? _postgres;
    private string _sqliteFolder = string.Empty;
    private IJournal _journal = null!;
    private List<EpisodeKey> _episodes = [];
    private int _round;

    /// <summary>Which engine and insert path.</summary>
    [Params("sqlite", "postgres-copy", "postgres-insert")]
    public string Engine { get; set; } = "sqlite";

    /// <summary>Frames per transaction in the batched benchmark.</summary>
    [Params(64, 256)]
    public int BatchSize { get; set; }

    /// <summary>Starts the engine and opens a fresh journal.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _sqliteFolder = Directory.CreateTempSubdirectory("fleet-bench-journal-").FullName;
        if (Engine == "sqlite")
        {
            _journal = SqliteJournal.OpenAsync(Path.Combine(_sqliteFolder, "journal.db"), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return;
        }

        _postgres = new BenchPostgresServer();
        var mode = Engine == "postgres-copy" ? PostgresWriteMode.Copy : PostgresWriteMode.BatchedInsert;
        _journal = PostgresJournal.OpenAsync(new PostgresJournalOptions(_postgres.CreateDatabase(), mode), CancellationToken.None)
            .AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Begins one new episode per arm for the next invocation.</summary>
    [IterationSetup]
    public void BeginEpisodes()
    {
        _round++;
        _episodes = Enumerable.Range(0, Arms).Select(arm => new EpisodeKey("bench", $"arm-{arm}", (_round * Arms) + arm)).ToList();
        foreach (var episode in _episodes)
        {
            _journal.BeginEpisodeAsync(new EpisodeStart(episode, "bench", 30), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Stops the engine and deletes its files.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _journal.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _postgres?.Dispose();
        Directory.Delete(_sqliteFolder, recursive: true);
    }

    /// <summary>One transaction per frame.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = UnbatchedFrames)]
    public Task OneFramePerTransaction() => WriteAsync(UnbatchedFrames, 1);

    /// <summary>Batched by the writer.</summary>
    [Benchmark(OperationsPerInvoke = BatchedFrames)]
    public Task Batched() => WriteAsync(BatchedFrames, BatchSize);

    private async Task WriteAsync(int frames, int batchSize)
    {
        await using var writer = new JournalWriter(_journal, new JournalWriterOptions(MaxBatchSize: batchSize, MaxBatchDelay: TimeSpan.FromMilliseconds(100)));
        for (var i = 0; i < frames; i++)
        {
            await writer.WriteAsync(Frame(_episodes[i % Arms], i / Arms), CancellationToken.None);
        }
    }

    private static FrameRecord Frame(EpisodeKey episode, long index) => new(
        episode,
        index,
        index / 30.0,
        DateTimeOffset.UnixEpoch.AddTicks(index * 333_333),
        [0.1f * index, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f],
        [0.6f, 0.5f, 0.4f, 0.3f, 0.2f, 0.1f * index],
        0,
        "put the cube in the box",
        [new CameraFrameRef("front", index), new CameraFrameRef("wrist", index)]);
}
