using Fleet.Dataset.Compression;

namespace Fleet.Dataset.Tests.Compression;

public class SnappyTests
{
    // Vectors built by hand from the Snappy format description: varint length, then elements.
    public static TheoryData<byte[], string> KnownVectors => new()
    {
        { [0x00], "" },
        { [0x01, 0x00, (byte)'x'], "x" },
        // literal "abcd", then a 1-byte-offset copy: length 6, offset 4 (overlapping copy repeats the pattern)
        { [0x0A, 0x0C, (byte)'a', (byte)'b', (byte)'c', (byte)'d', 0x09, 0x04], "abcdabcdab" },
        // literal "a", then a 2-byte-offset copy: length 20, offset 1
        { [0x15, 0x00, (byte)'a', 0x4E, 0x01, 0x00], new string('a', 21) },
        // literal "ab", then a 4-byte-offset copy: length 4, offset 2
        { [0x06, 0x04, (byte)'a', (byte)'b', 0x0F, 0x02, 0x00, 0x00, 0x00], "ababab" },
    };

    [Theory]
    [MemberData(nameof(KnownVectors))]
    public void Decompress_KnownVector_GivesExpectedText(byte[] compressed, string expected) =>
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(SnappyDecompressor.Decompress(compressed)));

    [Fact]
    public void Compress_RepeatedPattern_GivesTheCanonicalLiteralPlusCopy() =>
        Assert.Equal([0x0A, 0x0C, (byte)'a', (byte)'b', (byte)'c', (byte)'d', 0x09, 0x04], SnappyCompressor.Compress("abcdabcdab"u8));

    [Fact]
    public void Compress_Empty_GivesZeroLength() => Assert.Equal([0x00], SnappyCompressor.Compress([]));

    [Theory]
    [InlineData(1, 0)]
    [InlineData(59, 1)]
    [InlineData(61, 2)]
    [InlineData(300, 3)]
    [InlineData(70_000, 4)]
    [InlineData(200_000, 5)]
    [InlineData(1_500_000, 6)]
    public void CompressThenDecompress_AnyInput_RoundTrips(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        // Mix incompressible bytes with repeated stretches so literals of every header size and all copy forms occur.
        for (var i = 0; i < length;)
        {
            var run = random.Next(1, 300);
            if (random.Next(3) == 0 && i > 100)
            {
                var from = random.Next(Math.Max(0, i - 70_000), i);
                for (var k = 0; k < run && i < length; k++) data[i++] = data[from + k];
            }
            else for (var k = 0; k < run && i < length; k++) data[i++] = (byte)random.Next(256);
        }
        var compressed = SnappyCompressor.Compress(data);
        Assert.True(compressed.Length <= SnappyCompressor.MaxCompressedLength(length));
        Assert.Equal(data, SnappyDecompressor.Decompress(compressed));
    }

    [Fact]
    public void Compress_LowEntropyInput_ShrinksIt()
    {
        var data = new byte[100_000];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)(i % 7);
        Assert.True(SnappyCompressor.Compress(data).Length < data.Length / 10);
    }

    [Fact]
    public void Decompress_CopyBeforeStart_ThrowsNamingThePosition()
    {
        var e = Assert.Throws<InvalidDataException>(() => SnappyDecompressor.Decompress([0x05, 0x09, 0x04]));
        Assert.Contains("offset 4", e.Message);
    }

    [Fact]
    public void Decompress_TruncatedLiteral_Throws()
    {
        var e = Assert.Throws<InvalidDataException>(() => SnappyDecompressor.Decompress([0x0A, 0x0C, (byte)'a']));
        Assert.Contains("block ends", e.Message);
    }
}
