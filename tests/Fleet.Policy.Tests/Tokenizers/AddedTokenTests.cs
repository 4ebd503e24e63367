using System.Text.Json.Nodes;
using Fleet.Policy.Tests.Infrastructure;
using Fleet.Policy.Tokenizers;
using static Fleet.Policy.Tests.Tokenizers.TokenizerFixture;

namespace Fleet.Policy.Tests.Tokenizers;

/// <summary>The flags of added tokens (lstrip, rstrip, single_word, normalized) and their matching order.</summary>
public sealed class AddedTokenTests : IDisposable
{
    private const int Mask = 310, CubeWord = 311, Cub = 312, Upper = 313;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private BpeTokenizer With(JsonObject? normalizer, params JsonObject[] tokens)
    {
        var json = SmolLike();
        var added = (JsonArray)json["added_tokens"]!;
        foreach (var t in tokens) added.Add(t);
        json["normalizer"] = normalizer;
        return Load(_dir, json);
    }

    [Fact]
    public void LStrip_SwallowsWhitespaceBefore()
    {
        var tok = With(null, Added(Mask, "<mask>", lstrip: true));
        Assert.Equal([Pick, Mask], tok.Encode("Pick \t <mask>").Ids);
        Assert.Equal([Pick, ' ', Mask], With(null, Added(Mask, "<mask>")).Encode("Pick <mask>").Ids);
    }

    [Fact]
    public void RStrip_SwallowsWhitespaceAfter()
    {
        var tok = With(null, Added(Mask, "<mask>", rstrip: true));
        // " the" would be one token (258); with the space swallowed, "the" is 't' + "he".
        Assert.Equal([Mask, 't', He], tok.Encode("<mask>  the").Ids);
    }

    [Fact]
    public void SingleWord_OnlyMatchesAWholeWord()
    {
        var tok = With(null, Added(CubeWord, "cube", special: false, singleWord: true, normalized: false));
        // "red " is "red" (r e → "re", no "re d" merge) and " ", then the whole word "cube".
        Assert.Equal([259, 'd', ' ', CubeWord], tok.Encode("red cube").Ids);
        Assert.Equal([CubeWord, '.'], tok.Encode("cube.").Ids);
        // Touching a letter or a digit: ordinary text.
        Assert.Equal([264, 's'], tok.Encode("cubes").Ids);
        Assert.Equal(['2', 264], tok.Encode("2cube").Ids);
    }

    [Fact]
    public void LongestMatchWins_AtTheSamePosition()
    {
        var tok = With(null, Added(Cub, "cub", special: false, normalized: false), Added(CubeWord, "cube", special: false, normalized: false));
        Assert.Equal([CubeWord], tok.Encode("cube").Ids);
        Assert.Equal([Cub, 'a'], tok.Encode("cuba").Ids);
    }

    [Fact]
    public void NormalizedToken_MatchesAfterNormalization_RawTokenBefore()
    {
        var lowercase = new JsonObject { ["type"] = "Lowercase" };
        var tok = With(lowercase, Added(Upper, "<UP>", special: true, normalized: false));
        // "robot" is normalized (non-special default): "ROBOT" lowercases to it. "<UP>" is raw: matched before lowercasing.
        Assert.Equal([Robot, Upper, 't', He], tok.Encode("ROBOT<UP>THE").Ids);
        // The raw token does not match once lowercased text would be needed.
        Assert.Equal(ByteIds("<up>"), tok.Encode("<up>").Ids);
    }

    [Fact]
    public void RawToken_WinsOverAnOverlappingNormalizedToken_EvenStartingLater()
    {
        // "robot" is normalized, "botx" raw: the raw pass cuts "botx" first, so "robot" cannot match in "ro".
        var tok = With(null, Added(Upper, "botx", special: false, normalized: false));
        Assert.Equal(['r', 'o', Upper], tok.Encode("robotx").Ids);
        Assert.Equal([Robot], tok.Encode("robot").Ids);
    }

    [Fact]
    public void Decode_AddedTokenWithNonAlphabetText_IsTakenAsPlainText()
    {
        // 'é' alone would be byte E9 in the alphabet; with a space in the token, the token is plain UTF-8 text.
        var tok = With(null, Added(Mask, "é 日", special: false, normalized: false));
        Assert.Equal([Mask], tok.Encode("é 日").Ids);
        Assert.Equal("é 日", tok.Decode([Mask]));
    }
}
