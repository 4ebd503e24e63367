using Fleet.Hardware.Cameras;
using Fleet.Messages.Wire.Jpeg;

namespace Fleet.Hardware.Tests.Cameras;

/// <summary>A fact that needs libturbojpeg.so.0 (decoding a camera's JPEG); skipped, with the remedy, where it is missing.</summary>
public sealed class TurboJpegFactAttribute : FactAttribute
{
    public TurboJpegFactAttribute()
    {
        if (!CameraJpegDecoder.IsAvailable) Skip = "libturbojpeg.so.0 is not installed: run scripts/setup-cluster.sh (Debian libturbojpeg0).";
    }
}

/// <summary>
/// keep-jpeg: a V4L2 MJPEG camera's own JPEGs are kept on the frames. No camera here, so the MJPEG comes from ffmpeg's
/// test source encoded as Motion-JPEG, the same byte stream <c>-c:v copy -f mjpeg</c> writes for a real camera.
/// </summary>
public sealed class CameraJpegTests
{
    private static byte[] MjpegStream(int frames) => TestVideo.Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=30",
        "-frames:v", frames.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "mjpeg", "-q:v", "3", "-f", "mjpeg", "pipe:1");

    private static async Task<List<byte[]>> SplitAsync(Stream stream)
    {
        var reader = new MjpegFrameReader(stream, 1 << 20);
        var frames = new List<byte[]>();
        while (await reader.ReadFrameAsync(CancellationToken.None) is { } frame) frames.Add(frame);
        return frames;
    }

    [Fact]
    public async Task MjpegFrameReader_splits_a_stream_into_whole_jpegs_whatever_the_read_sizes()
    {
        var stream = MjpegStream(10);

        var whole = await SplitAsync(new MemoryStream(stream));
        var trickled = await SplitAsync(new TrickleStream(stream, 7));

        Assert.Equal(10, whole.Count);
        Assert.Equal(stream, whole.SelectMany(f => f).ToArray());
        Assert.Equal(whole, trickled);
        Assert.All(whole, f => Assert.Equal((160, 120), (JpegHeader.Read(f)!.Width, JpegHeader.Read(f)!.Height)));
    }

    [Fact]
    public async Task MjpegFrameReader_refuses_a_stream_that_is_not_mjpeg_or_ends_inside_a_frame()
    {
        var notJpeg = await Assert.ThrowsAsync<InvalidDataException>(() => SplitAsync(new MemoryStream(new byte[100])));
        Assert.Contains("not MJPEG", notJpeg.Message);
        var stream = MjpegStream(2);
        var cut = await Assert.ThrowsAsync<InvalidDataException>(() => SplitAsync(new MemoryStream(stream[..^10])));
        Assert.Contains("ended inside a frame", cut.Message);
    }

    [TurboJpegFact]
    public async Task Frame_source_with_keep_jpeg_keeps_each_cameras_jpeg_and_its_decoding()
    {
        await using var source = new FfmpegFrameSource("front", "test MJPEG", 160, 120, TimeProvider.System, keepJpeg: true);
        await source.StartAsync(["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=30",
            "-an", "-c:v", "mjpeg", "-q:v", "3", "-f", "mjpeg", "pipe:1"], TimeSpan.FromSeconds(20), CancellationToken.None);

        var first = await source.Slot.WaitForFrameAsync(-1, CancellationToken.None);
        var later = await source.Slot.WaitForFrameAsync(first.Sequence, CancellationToken.None);

        Assert.True(later.Sequence > first.Sequence);
        foreach (var frame in new[] { first, later })
        {
            Assert.NotNull(frame.CameraJpeg);
            Assert.Equal((160, 120), (frame.Width, frame.Height));
            var again = new CameraJpegDecoder().Decode(frame.CameraJpeg.Value, 160, 120, frame.CapturedAt, frame.Sequence, "front");
            Assert.Equal(again.Pixels.ToArray(), frame.Pixels.ToArray());
        }
    }

    [Fact]
    public void Keep_jpeg_without_mjpeg_input_is_refused_naming_the_fix()
    {
        var options = new FfmpegV4l2CameraOptions("wrist", "/dev/video0", InputFormat: "yuyv422") { KeepJpeg = true };
        var e = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Contains("input-format = mjpeg", e.Message);
    }

    // Hands out at most 'chunk' bytes per read, as a pipe under load does.
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
