using Fleet.Policy.SmolVla.Vision;

namespace Fleet.Policy.Tests.SmolVla.Vision;

public sealed class PixelShuffleConnectorTests
{
    [Theory]
    [InlineData(8, 3, 4)]
    [InlineData(32, 5, 4)]
    [InlineData(6, 2, 2)]
    public void Shuffle_AnyGrid_MatchesTorchViewPermuteChain(int grid, int hidden, int factor)
    {
        var config = new SigLipConfig(grid * 2, 2, hidden, 1, 1, 4, 1e-6f, factor);
        int patches = grid * grid;
        var x = new float[patches * hidden];
        for (int i = 0; i < x.Length; i++) x[i] = i;
        var actual = new float[x.Length];
        PixelShuffleConnector.Shuffle(x, actual, config);
        var expected = NaiveVisionTower.TorchPixelShuffle(x.Select(v => (double)v).ToArray(), patches, hidden, factor);
        Assert.Equal(expected.Select(v => (float)v), actual);
    }

    [Fact]
    public void Shuffle_SmolVlaBaseGrid_PutsPatchAtDocumentedTokenAndOffset()
    {
        // policies.md §1.3 step 4: patch (r, c) → token (r div 4)·8 + (c div 4), offset ((r mod 4)·4 + (c mod 4))·768.
        var config = SigLipConfig.SmolVlaBase;
        var x = new float[config.Patches * config.Hidden];
        for (int p = 0; p < config.Patches; p++) x[p * config.Hidden] = p + 1;
        var tokens = new float[x.Length];
        PixelShuffleConnector.Shuffle(x, tokens, config);
        foreach (var (r, c) in new[] { (0, 0), (0, 5), (5, 0), (13, 27), (31, 31) })
        {
            int token = r / 4 * 8 + c / 4, offset = (r % 4 * 4 + c % 4) * 768;
            Assert.Equal(r * 32 + c + 1, tokens[token * config.ShuffledWidth + offset]);
        }
    }
}
