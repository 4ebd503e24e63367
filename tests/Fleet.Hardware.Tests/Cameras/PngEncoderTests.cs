using Fleet.Hardware.Cameras;
using Fleet.Messages;

namespace Fleet.Hardware.Tests.Cameras;

public class PngEncoderTests
{
    [Fact]
    public void Crc32_of_the_check_string_is_the_published_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Theory]
    [InlineData(160, 120)]
    [InlineData(17, 33)]
    public async Task Encoded_frame_decodes_with_ffmpeg_to_the_same_pixels(int width, int height)
    {
        var pixels = SyntheticPattern.Render(width, height, sequence: 7, elapsedMillis: 233);
        var frame = new ImageFrame(width, height, pixels, DateTimeOffset.UnixEpoch, 7);
        var path = Path.Combine(Path.GetTempPath(), $"fleet-png-{Guid.NewGuid():N}.png");
        try
        {
            await PngEncoder.WriteFileAsync(frame, path, CancellationToken.None);
            var probe = System.Text.Encoding.ASCII.GetString(TestVideo.Run("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,width,height,pix_fmt", "-of", "csv=p=0", path)).Trim();
            Assert.Equal($"png,{width},{height},rgb24", probe);
            var decoded = TestVideo.Run("ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
            Assert.Equal(pixels, decoded);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
