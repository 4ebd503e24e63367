using Fleet.Policy.Tests.Infrastructure;
using Fleet.Policy.Tokenizers;
using static Fleet.Policy.Tests.Tokenizers.TokenizerFixture;

namespace Fleet.Policy.Tests.Tokenizers;

/// <summary>Decoding with the ByteLevel decoder: exact round trips, special tokens, invalid UTF-8.</summary>
public sealed class BpeTokenizerDecodeTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly BpeTokenizer _tok;

    public BpeTokenizerDecodeTests() => _tok = Load(_dir, SmolLike());

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Decode_HandWrittenIds_GivesText()
    {
        Assert.Equal("Pick up the red cube", _tok.Decode([Pick, GUp, GThe, GRed, GCube]));
        Assert.Equal("café 日", _tok.Decode([Cafe, ' ', Nichi]));
    }

    [Theory]
    [InlineData("Pick up the red cube\n")]
    [InlineData("  leading and trailing  ")]
    [InlineData("tabs\tand\r\nnewlines\n\n")]
    [InlineData("café naïve Ångström 日本語 한국어 Россия مرحبا")]
    [InlineData("emoji 🤖👍🏽🇺🇸 ❤️ and 2024-11-21 3.14")]
    [InlineData("it's they'll we've I'M")]
    public void Decode_OfEncode_IsTheOriginalText(string text)
    {
        Assert.Equal(text, _tok.Decode(_tok.Encode(text).Ids));
    }

    [Fact]
    public void Decode_SpecialTokens_SkippedOnlyWhenAsked()
    {
        const string text = "<|im_start|>Pick the robot<|im_end|>";
        var ids = _tok.Encode(text).Ids;
        Assert.Equal(text, _tok.Decode(ids, skipSpecialTokens: false));
        // "robot" is an added token but not special: it stays.
        Assert.Equal("Pick the robot", _tok.Decode(ids));
    }

    [Fact]
    public void Decode_PaddedIds_PadIsSpecialAndSkipped()
    {
        var padded = _tok.Encode("Pick up", maxLength: 6, padToMaxLength: true);
        Assert.Equal("Pick up", _tok.Decode(padded.Ids));
    }

    [Fact]
    public void Decode_PartialUtf8_ReplacementCharacter()
    {
        Assert.Equal("\uFFFD", _tok.Decode([0xE6]));
        Assert.Equal("a\uFFFDb", _tok.Decode(['a', 0xE6, 0x97, 'b']));
    }

    [Fact]
    public void Decode_UnknownId_ThrowsNamingIdAndRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _tok.Decode([Pick, 5000]));
        Assert.Contains("ids[1] = 5000", e.Message);
        Assert.Contains($"0..{Robot}", e.Message);
    }
}
