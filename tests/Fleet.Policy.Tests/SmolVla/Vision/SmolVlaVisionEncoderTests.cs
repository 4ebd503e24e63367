using Fleet.Policy.Checkpoints;
using Fleet.Policy.SmolVla.Vision;
using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Policy.Tests.SmolVla.Vision;

/// <summary>The encoder, loaded from a random fp32 safetensors file, against <see cref="NaiveVisionTower"/>.</summary>
public sealed class SmolVlaVisionEncoderTests(ITestOutputHelper output)
{
    // 32×32 images of 8×8 patches (a 4×4 grid), 2 heads of 12, scale factor 2 → 4 tokens of 96 → 20.
    private static readonly SigLipConfig Small = new(32, 8, 24, 2, 2, 40, 1e-6f, 2);

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 2)]
    [InlineData(3, 2, 4)]
    public async Task Encode_SmallTower_MatchesNaiveReference(int layers, int batch, int threads)
    {
        var config = Small with { Layers = layers };
        var weights = new TinyVisionWeights(config, 20, seed: 100 + layers);
        using var dir = new TempDirectory();
        await weights.WriteAsync(dir.File("model.safetensors"));
        using var file = SafetensorsFile.Open(dir.File("model.safetensors"));
        var encoder = new SmolVlaVisionEncoder(file, TinyVisionWeights.Prefix, config, 20);
        Assert.Equal(4, encoder.TokensPerImage);

        var images = Naive.Random(batch * 3 * 32 * 32, 7 + batch);
        var actual = new float[batch * 4 * 20];
        encoder.Encode(images, batch, actual, new Parallelism(threads));
        var expected = NaiveVisionTower.Encode(weights, images, batch);
        double diff = Naive.MaxAbsDiff(expected, actual);
        output.WriteLine($"max |fast − naive| = {diff:E2}, max |naive| = {expected.Max(Math.Abs):F3}");
        Assert.True(diff <= 1e-4, $"max |fast − naive| = {diff:E3}");
    }

    [Fact]
    public async Task Encode_TwoThreadsAndOne_GiveBitIdenticalResults()
    {
        // Long enough (196 patches) that attention splits into several query blocks and the GEMMs split across threads.
        var config = new SigLipConfig(112, 8, 48, 2, 4, 96, 1e-6f, 2);
        var weights = new TinyVisionWeights(config, 32, seed: 5);
        using var dir = new TempDirectory();
        await weights.WriteAsync(dir.File("model.safetensors"));
        using var file = SafetensorsFile.Open(dir.File("model.safetensors"));
        var encoder = new SmolVlaVisionEncoder(file, TinyVisionWeights.Prefix, config, 32);
        var images = Naive.Random(2 * 3 * 112 * 112, 9);
        var one = new float[2 * encoder.TokensPerImage * 32];
        var two = new float[one.Length];
        encoder.Encode(images, 2, one, Parallelism.Single());
        encoder.Encode(images, 2, two, new Parallelism(2));
        Assert.Equal(one, two);
        // And a batch of two equals two batches of one (the scratch buffers carry nothing over).
        var first = new float[one.Length / 2];
        encoder.Encode(images.AsSpan(0, 3 * 112 * 112), 1, first, new Parallelism(2));
        Assert.Equal(one.AsSpan(0, first.Length).ToArray(), first);
    }

    [Fact]
    public async Task Encode_ImagesSideBySideAndOneByOne_GiveBitIdenticalResults()
    {
        // Three images on two threads: a pair side by side (one tower per thread, each with its own scratch) and a
        // leftover split over both threads, against all three one after another.
        var config = new SigLipConfig(112, 8, 48, 2, 4, 96, 1e-6f, 2);
        var weights = new TinyVisionWeights(config, 32, seed: 6);
        using var dir = new TempDirectory();
        await weights.WriteAsync(dir.File("model.safetensors"));
        using var file = SafetensorsFile.Open(dir.File("model.safetensors"));
        var encoder = new SmolVlaVisionEncoder(file, TinyVisionWeights.Prefix, config, 32);
        var images = Naive.Random(3 * 3 * 112 * 112, 10);
        var sideBySide = new float[3 * encoder.TokensPerImage * 32];
        var oneByOne = new float[sideBySide.Length];
        Assert.True(encoder.ConcurrentImages);
        encoder.Encode(images, 3, sideBySide, new Parallelism(2));
        encoder.ConcurrentImages = false;
        encoder.Encode(images, 3, oneByOne, new Parallelism(2));
        Assert.Equal(oneByOne, sideBySide);
        var expected = NaiveVisionTower.Encode(weights, images, 3);
        Assert.True(Naive.MaxAbsDiff(expected, sideBySide) <= 1e-4);
    }

    [Fact]
    public async Task Constructor_MissingConnector_NamesFileAndKey()
    {
        var weights = new TinyVisionWeights(Small, 20, seed: 1);
        using var dir = new TempDirectory();
        await weights.WriteAsync(dir.File("model.safetensors"), name => !name.Contains("connector", StringComparison.Ordinal));
        using var file = SafetensorsFile.Open(dir.File("model.safetensors"));
        var e = Assert.Throws<CheckpointException>(() => new SmolVlaVisionEncoder(file, TinyVisionWeights.Prefix, Small, 20));
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("model.vlm_with_expert.vlm.model.connector.modality_projection.proj.weight", e.Message);
    }

    [Fact]
    public async Task Constructor_WrongTextHidden_ReportsBothShapes()
    {
        var weights = new TinyVisionWeights(Small, 20, seed: 2);
        using var dir = new TempDirectory();
        await weights.WriteAsync(dir.File("model.safetensors"));
        using var file = SafetensorsFile.Open(dir.File("model.safetensors"));
        var e = Assert.Throws<CheckpointException>(() => new SmolVlaVisionEncoder(file, TinyVisionWeights.Prefix, Small, 24));
        Assert.Contains("[20, 96]", e.Message);
        Assert.Contains("[24, 96]", e.Message);
    }

    [Fact]
    public void Encode_WrongImageLength_SaysExpectedShape()
    {
        var encoder = SmolVlaVisionEncoder.WithRandomWeights(Small, 20, seed: 3);
        var e = Assert.Throws<ArgumentException>(() => encoder.Encode(new float[100], 1, new float[80], Parallelism.Single()));
        Assert.Contains("[1, 3, 32, 32]", e.Message);
    }

    [Fact]
    public void Config_ImageNotWholePatches_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => SmolVlaVisionEncoder.WithRandomWeights(Small with { ImageSize = 30 }, 20, 1));
        Assert.Contains("patch_size", e.Message);
    }
}
