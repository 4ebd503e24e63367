using Fleet.Policy.SmolVla.Vision;

namespace Fleet.Policy.Tests.SmolVla.Vision;

public sealed class ImagePreparationTests
{
    [Theory]
    [InlineData(480, 640, 512, 384, 512)]
    [InlineData(256, 256, 512, 512, 512)]
    [InlineData(512, 512, 512, 512, 512)]
    [InlineData(720, 1280, 512, 288, 512)]
    [InlineData(100, 30, 64, 64, 19)]
    public void ResizedSize_CommonCameras_KeepsAspectWithLeRobotRounding(int h, int w, int size, int eh, int ew)
    {
        Assert.Equal((eh, ew), ImagePreparation.ResizedSize(h, w, size));
    }

    [Fact]
    public void ResizeWithPad_TwoByTwoUpsampledToFour_GivesPyTorchHalfPixelValues()
    {
        // F.interpolate([[0, 1], [2, 3]] / 4, size=(4, 4), mode="bilinear", align_corners=False), then ·2 − 1.
        float[] plane = [0, 0.25f, 0.5f, 0.75f];
        float[] rows = [0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3];
        var output = new float[3 * 16];
        ImagePreparation.ResizeWithPad([.. plane, .. plane, .. plane], 2, 2, 4, output);
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 16; i++)
                Assert.Equal(rows[i] / 4 * 2 - 1, output[c * 16 + i], 6);
    }

    [Fact]
    public void ResizeWithPad_WideImageDownsampled_PadsTopRowsWithMinusOne()
    {
        // 4×8 into 4×4: ratio 2 → 2×4; the half-pixel rule samples at 0.5, 2.5, …, i.e. the mean of each 2×2 block.
        var image = new float[3 * 4 * 8];
        for (int i = 0; i < image.Length; i++) image[i] = i % 32 / 32f;
        var output = new float[3 * 16];
        ImagePreparation.ResizeWithPad(image, 4, 8, 4, output);
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < 8; i++) Assert.Equal(-1f, output[c * 16 + i]);
            for (int y = 0; y < 2; y++)
                for (int x = 0; x < 4; x++)
                {
                    float mean = (image[(2 * y) * 8 + 2 * x] + image[(2 * y) * 8 + 2 * x + 1] + image[(2 * y + 1) * 8 + 2 * x] + image[(2 * y + 1) * 8 + 2 * x + 1]) / 4;
                    Assert.Equal(mean * 2 - 1, output[c * 16 + (2 + y) * 4 + x], 6);
                }
        }
    }

    [Fact]
    public void ResizeWithPad_TallImage_PadsLeftColumnsOnly()
    {
        // 8×4 into 8×8: ratio 1, no resize; 4 columns of −1 on the left, none on the right or top.
        var image = new float[3 * 8 * 4];
        for (int i = 0; i < image.Length; i++) image[i] = (i % 7) / 7f;
        var output = new float[3 * 64];
        ImagePreparation.ResizeWithPad(image, 8, 4, 8, output);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 8; y++)
                for (int x = 0; x < 8; x++)
                {
                    float expected = x < 4 ? -1f : image[(c * 8 + y) * 4 + x - 4] * 2 - 1;
                    Assert.Equal(expected, output[c * 64 + y * 8 + x]);
                }
    }

    [Fact]
    public void ResizeWithPad_AlreadySquare_OnlyRescales()
    {
        var image = Infrastructure.Naive.Random(3 * 16 * 16, 3).Select(v => (v + 1) / 2).ToArray();
        var output = new float[image.Length];
        ImagePreparation.ResizeWithPad(image, 16, 16, 16, output);
        for (int i = 0; i < image.Length; i++) Assert.Equal(image[i] * 2 - 1, output[i]);
    }

    [Theory]
    [InlineData(37, 53, 32)]
    [InlineData(53, 37, 32)]
    [InlineData(11, 7, 40)]
    [InlineData(480, 640, 64)]
    public void ResizeWithPad_OddSizes_EqualsBilinearResizeThenPad(int h, int w, int size)
    {
        var image = Infrastructure.Naive.Random(3 * h * w, h * w).Select(v => (v + 1) / 2).ToArray();
        var (rh, rw) = ImagePreparation.ResizedSize(h, w, size);
        var resized = new float[3 * rh * rw];
        Fleet.Policy.Tensors.BilinearResize.Forward(image, 3, h, w, resized, rh, rw);
        var output = new float[3 * size * size];
        ImagePreparation.ResizeWithPad(image, h, w, size, output);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    int sy = y - (size - rh), sx = x - (size - rw);
                    float expected = sy < 0 || sx < 0 ? -1f : resized[(c * rh + sy) * rw + sx] * 2 - 1;
                    Assert.Equal(expected, output[(c * size + y) * size + x], 6);
                }
    }

    [Fact]
    public void ResizedSize_ImageTooElongated_SaysWhatItWouldShrinkTo()
    {
        var e = Assert.Throws<ArgumentException>(() => ImagePreparation.ResizedSize(1, 1000, 512));
        Assert.Contains("1×1000", e.Message);
        Assert.Contains("0×512", e.Message);
        Assert.Throws<ArgumentException>(() => ImagePreparation.ResizedSize(10, 10, ImagePreparation.MaxSize + 1));
    }

    [Fact]
    public void ResizeWithPad_WrongBufferLength_SaysWhatWasExpected()
    {
        var e = Assert.Throws<ArgumentException>(() => ImagePreparation.ResizeWithPad(new float[10], 4, 4, 8, new float[3 * 64]));
        Assert.Contains("3×4×4 needs 48", e.Message);
        e = Assert.Throws<ArgumentException>(() => ImagePreparation.ResizeWithPad(new float[48], 4, 4, 8, new float[64]));
        Assert.Contains("3×8×8 needs 192", e.Message);
    }
}
