using Fleet.Dataset.Parquet;

namespace Fleet.Dataset.Tests.Parquet;

public class RleBitPackedHybridTests
{
    [Fact]
    public void Encode_LongRun_IsOneRleRun()
    {
        var output = new List<byte>();
        RleBitPackedHybrid.Encode(Enumerable.Repeat(3, 50).ToArray(), 2, output);
        Assert.Equal(new byte[] { 50 << 1, 3 }, output);
    }

    [Fact]
    public void Encode_RepetitionLevelsOfSixElementLists_BitPacksOneGroupPerFourRowsOfEight()
    {
        // rep levels 0,1,1,1,1,1 per row: never 8 equal in a row, so all bit-packed at width 1.
        var levels = Enumerable.Range(0, 24).Select(i => i % 6 == 0 ? 0 : 1).ToArray();
        var output = new List<byte>();
        RleBitPackedHybrid.Encode(levels, 1, output);
        Assert.Equal((byte)((3 << 1) | 1), output[0]);
        Assert.Equal(4, output.Count);
        Assert.Equal(0b1011_1110, output[1]);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(13, 3)]
    [InlineData(1000, 4)]
    public void EncodeThenDecode_MixedRunsAndNoise_RoundTrips(int maxValue, int seed)
    {
        var random = new Random(seed);
        var values = new List<int>();
        while (values.Count < 5000)
        {
            var v = random.Next(maxValue + 1);
            var run = random.Next(3) == 0 ? random.Next(8, 40) : random.Next(1, 5);
            values.AddRange(Enumerable.Repeat(v, run));
        }
        var width = RleBitPackedHybrid.BitWidth(maxValue);
        var output = new List<byte>();
        RleBitPackedHybrid.Encode(values.ToArray(), width, output);
        var decoded = new int[values.Count];
        RleBitPackedHybrid.Decode(output.ToArray(), width, decoded, decoded.Length);
        Assert.Equal(values, decoded);
    }
}
