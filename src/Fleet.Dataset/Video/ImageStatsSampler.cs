using Fleet.Dataset.Meta;

namespace Fleet.Dataset.Video;

/// <summary>
/// Image statistics of one episode's video, sampled the way LeRobot samples its PNG frames:
/// <c>n = max(min(100, N), min(int(N^0.75), 10000))</c> frames at <c>round(linspace(0, N-1, n))</c>, each
/// downsampled by striding (every k-th pixel, k = int(longer side / 150) when the longer side is at least
/// 300). ffmpeg decodes the video once with nearest-neighbour scaling, which is that striding.
/// </summary>
public static class ImageStatsSampler
{
    /// <summary>The frame indices LeRobot samples from an episode of <paramref name="frames"/> frames.</summary>
    public static IReadOnlySet<long> SampleIndices(long frames)
    {
        var n = Math.Max(Math.Min(100, frames), Math.Min((long)Math.Pow(frames, 0.75), 10000));
        var set = new SortedSet<long>();
        if (frames <= 0) return set;
        for (long i = 0; i < n; i++)
            set.Add(n == 1 ? 0 : (long)Math.Round(i * (frames - 1) / (double)(n - 1), MidpointRounding.ToEven));
        return set;
    }

    /// <summary>The stride LeRobot uses for a frame of this size.</summary>
    public static int Stride(int width, int height) => Math.Max(width, height) < 300 ? 1 : Math.Max(1, (width >= height ? width : height) / 150);

    /// <summary>Decodes <paramref name="videoPath"/> and computes the image stats of its sampled frames.</summary>
    /// <exception cref="IOException">ffmpeg failed or the video has fewer frames than <paramref name="frames"/>.</exception>
    public static async Task<FeatureStats> ComputeAsync(string videoPath, int width, int height, long frames, CancellationToken ct)
    {
        var k = Stride(width, height);
        int w = width / k, h = height / k;
        var frameBytes = w * h * 3;
        var wanted = SampleIndices(frames);
        var histograms = new[] { new long[256], new long[256], new long[256] };
        using var process = FfmpegProcess.Start("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-i", videoPath, "-map", "0:v:0",
            "-vf", $"scale={w}:{h}:flags=neighbor", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], redirectInput: false);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.BaseStream;
        var buffer = new byte[frameBytes];
        long index = 0, sampled = 0;
        while (index < frames)
        {
            try { await stdout.ReadExactlyAsync(buffer, ct).ConfigureAwait(false); }
            catch (EndOfStreamException) { break; }
            if (wanted.Contains(index))
            {
                for (var p = 0; p < frameBytes; p += 3) { histograms[0][buffer[p]]++; histograms[1][buffer[p + 1]]++; histograms[2][buffer[p + 2]]++; }
                sampled++;
            }
            index++;
        }
        await stdout.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (index < frames)
            throw new IOException($"'{videoPath}' decoded to {index} frames; the episode has {frames}. {FfmpegProcess.Tail(await stderr.ConfigureAwait(false))}");
        return StatsCalculator.Image(histograms, sampled);
    }
}
