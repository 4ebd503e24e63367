using Fleet.Dataset.Export;
using Fleet.Dataset.Tests.Infrastructure;

namespace Fleet.Dataset.Tests.Hub;

/// <summary>
/// A real LeRobotDataset v3.0 folder recorded once per test class (three short episodes, two cameras through ffmpeg,
/// tiny file limits so data and videos roll over into several files). Tests copy it before changing anything.
/// </summary>
public sealed class RecordedDataset : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    /// <summary>The dataset root.</summary>
    public string Root => Path.Combine(_dir.Path, "ds");

    public async Task InitializeAsync()
    {
        var spec = SyntheticEpisodes.Spec(cameras: 2);
        var scratch = Directory.CreateDirectory(Path.Combine(_dir.Path, "scratch")).FullName;
        await using var writer = await DatasetWriter.CreateAsync(Root, spec, new DatasetWriterOptions(ChunksSize: 2, DataFileSizeMb: 0, VideoFileSizeMb: 0), CancellationToken.None);
        for (var e = 0; e < 3; e++)
            await writer.SaveEpisodeAsync(await SyntheticEpisodes.RecordAsync(spec, scratch, e, 8), CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);
        Directory.Delete(scratch, recursive: true);
    }

    /// <summary>Copies the dataset into folder <paramref name="dir"/> and returns the copy's root.</summary>
    public string CopyTo(string dir)
    {
        var target = Path.Combine(dir, "ds");
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
