using Fleet.Messages;

namespace Fleet.Messages.Tests;

public class ImageFrameTests
{
    [Fact]
    public void Validate_ExactRgbBuffer_ReturnsTheFrame()
    {
        var frame = new ImageFrame(4, 2, new byte[4 * 2 * 3], DateTimeOffset.UnixEpoch, 0);

        Assert.Same(frame, frame.Validate());
    }

    [Theory]
    [InlineData(4, 2, 23)]
    [InlineData(4, 2, 25)]
    [InlineData(0, 2, 0)]
    public void Validate_WrongBufferOrDimensions_ThrowsWithTheSizes(int width, int height, int bytes)
    {
        var frame = new ImageFrame(width, height, new byte[bytes], DateTimeOffset.UnixEpoch, 0);

        var error = Assert.Throws<ArgumentException>(() => frame.Validate());
        Assert.Contains($"{width}x{height}", error.Message);
    }
}
