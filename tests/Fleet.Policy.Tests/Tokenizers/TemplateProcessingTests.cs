using Fleet.Policy.Tests.Infrastructure;
using Fleet.Policy.Tokenizers;
using static Fleet.Policy.Tests.Tokenizers.TokenizerFixture;

namespace Fleet.Policy.Tests.Tokenizers;

/// <summary>A TemplateProcessing post-processor (BOS/EOS) on the fixture: special tokens, their share of maxLength, pairs.</summary>
public sealed class TemplateProcessingTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly BpeTokenizer _tok;

    public TemplateProcessingTests()
    {
        var json = SmolLike();
        json["post_processor"] = BosEosTemplate();
        _tok = Load(_dir, json);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Encode_Template_WrapsText()
    {
        Assert.Equal(2, _tok.SpecialTokensAdded);
        Assert.Equal([ImStart, Pick, GUp, ImEnd], _tok.Encode("Pick up").Ids);
        Assert.Equal([Pick, GUp], _tok.Encode("Pick up", addSpecialTokens: false).Ids);
    }

    [Fact]
    public void Encode_MaxLength_CountsSpecialTokens()
    {
        Assert.Equal([ImStart, Pick, GUp, ImEnd], _tok.Encode("Pick up the red cube", maxLength: 4).Ids);
        var padded = _tok.Encode("Pick", maxLength: 5, padToMaxLength: true);
        Assert.Equal([ImStart, Pick, ImEnd, ImEnd, ImEnd], padded.Ids);
        Assert.Equal([true, true, true, false, false], padded.AttentionMask);
    }

    [Fact]
    public void Encode_MaxLengthBelowSpecialCount_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => _tok.Encode("Pick", maxLength: 1));
        Assert.Contains("adds 2 special tokens", e.Message);
    }

    [Fact]
    public void EncodePair_PairTemplate_AndLongestFirstTruncation()
    {
        Assert.Equal([ImStart, Pick, ImEnd, 't', He, ImEnd], _tok.EncodePair("Pick", "the").Ids);
        // Budget 7 - 3 special = 4: "Pick up the red cube" (5) and "the" (2): the shorter keeps 2, the longer 2.
        Assert.Equal([ImStart, Pick, GUp, ImEnd, 't', He, ImEnd], _tok.EncodePair("Pick up the red cube", "the", maxLength: 7).Ids);
    }
}
