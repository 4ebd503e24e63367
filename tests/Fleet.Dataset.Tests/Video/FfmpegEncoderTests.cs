using Fleet.Dataset.Tests.Infrastructure;
using Fleet.Dataset.Video;

namespace Fleet.Dataset.Tests.Video;

public class FfmpegEncoderTests
{
    private const int W = 64, H = 48;

    private static async Task<byte[]> DecodeFrameAsync(string path, int frame)
    {
        var (code, _, stderr) = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-vf", $"select=eq(n\\,{frame})", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", path + $".{frame}.gray"]);
        Assert.True(code == 0, stderr);
        return await File.ReadAllBytesAsync(path + $".{frame}.gray");
    }

    private static byte[] Flat(byte value) => Enumerable.Repeat(value, W * H * 3).ToArray();

    [Fact]
    public async Task CompleteAsync_MissingFrames_RepeatsThePreviousFrameAndCountsThem()
    {
        using var dir = new TempDir();
        var path = dir.File("late.mp4");
        await using var encoder = FfmpegEncoder.Start(path, W, H, 30, VideoEncoderOptions.H264);
        Assert.True(encoder.TryWriteFrame(0, Flat(20)));
        Assert.True(encoder.TryWriteFrame(1, Flat(20)));
        // Frames 2 and 3 came late (never); frame 4 arrives; 5..7 are missing at the end.
        Assert.True(encoder.TryWriteFrame(4, Flat(220)));
        var segment = await encoder.CompleteAsync(8, CancellationToken.None);

        Assert.Equal(8, segment.Frames);
        Assert.Equal(5, segment.FilledFrames);
        Assert.Equal(0, segment.DroppedFrames);
        var probe = await VideoProbe.ReadAsync(path, CancellationToken.None);
        Assert.Equal(8, probe.Frames);
        Assert.Equal(30, probe.Fps);
        Assert.InRange((await DecodeFrameAsync(path, 3)).Average(b => b), 10, 40);   // repeat of frame 1
        Assert.InRange((await DecodeFrameAsync(path, 6)).Average(b => b), 200, 235); // repeat of frame 4
        var times = await VideoProbe.ReadPacketTimesAsync(path, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => i / 30.0), times, new ToleranceComparer(1e-4));
    }

    [Fact]
    public async Task TryWriteFrame_IndexAlreadyWritten_IsDroppedAndCounted()
    {
        using var dir = new TempDir();
        await using var encoder = FfmpegEncoder.Start(dir.File("dup.mp4"), W, H, 30, VideoEncoderOptions.H264);
        encoder.TryWriteFrame(0, Flat(1));
        encoder.TryWriteFrame(1, Flat(2));
        encoder.TryWriteFrame(1, Flat(3));
        var segment = await encoder.CompleteAsync(2, CancellationToken.None);
        Assert.Equal(1, segment.DroppedFrames);
        Assert.Equal(2, (await VideoProbe.ReadAsync(segment.Path, CancellationToken.None)).Frames);
    }

    [Fact]
    public async Task Start_FrameOfWrongSize_ThrowsWithBothSizes()
    {
        using var dir = new TempDir();
        await using var encoder = FfmpegEncoder.Start(dir.File("bad.mp4"), W, H, 30, VideoEncoderOptions.H264);
        var e = Assert.Throws<ArgumentException>(() => encoder.TryWriteFrame(0, new byte[10]));
        Assert.Contains("64x48 rgb24 needs 9216", e.Message);
    }

    [Fact]
    public async Task Abort_MidEpisode_FragmentedFileKeepsAReadablePrefix()
    {
        using var dir = new TempDir();
        var path = dir.File("crash.mp4");
        var encoder = FfmpegEncoder.Start(path, W, H, 30, VideoEncoderOptions.H264);
        for (var i = 0; i < 150; i++) await encoder.WriteFrameAsync(i, Flat((byte)i), CancellationToken.None);
        // Wait until ffmpeg has flushed at least one ~1 s fragment, then kill it as a power cut would.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        long frames = 0;
        while (frames < 30 && DateTime.UtcNow < deadline)
        {
            try { frames = (await VideoProbe.ReadAsync(path, CancellationToken.None)).Frames; }
            catch (IOException) { await Task.Delay(20); }
        }
        encoder.Abort();
        await encoder.DisposeAsync();
        var probe = await VideoProbe.ReadAsync(path, CancellationToken.None);
        Assert.InRange(probe.Frames, 30, 150);
        Assert.Equal(30, probe.Fps);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
