using Fleet.Policy.Tests.Infrastructure;
using Fleet.Policy.Tokenizers;
using static Fleet.Policy.Tests.Tokenizers.TokenizerFixture;

namespace Fleet.Policy.Tests.Tokenizers;

/// <summary>
/// Encoding with the SmolVLM2-shaped fixture. Every expected id list is worked out by hand from
/// <see cref="TokenizerFixture.Merges"/>: bytes are ids 0..255, merge i is id 256 + i.
/// </summary>
public sealed class BpeTokenizerEncodeTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly BpeTokenizer _tok;

    public BpeTokenizerEncodeTests() => _tok = Load(_dir, SmolLike());

    public void Dispose() => _dir.Dispose();

    private int[] Ids(string text) => _tok.Encode(text).Ids;

    [Fact]
    public void Encode_TaskSentence_MergesEachWordWithItsLeadingSpace()
    {
        // "Pick" | " up" | " the" | " red" | " cube"
        Assert.Equal([Pick, GUp, GThe, GRed, GCube], Ids("Pick up the red cube"));
    }

    [Fact]
    public void Encode_LowerRankMergeWins_NotLeftmostPair()
    {
        // t h e: "h e" (rank 1) beats "t h" (rank 21), and "t he" is no merge.
        Assert.Equal(['t', He], Ids("the"));
        // Ġ t h e: "Ġ t" (rank 0) first, then "h e", then "Ġt he".
        Assert.Equal([GThe], Ids(" the"));
    }

    [Fact]
    public void Encode_LongWord_SameMergesAsShortWords()
    {
        // 90 symbols: merged through the priority queue rather than the short-word scan. "h e" (rank 1) takes every h
        // before "t h" (rank 21) could, and "t he" is no merge.
        int[] expected = Enumerable.Repeat(new[] { (int)'t', He }, 30).SelectMany(x => x).ToArray();
        Assert.Equal(expected, Ids(string.Concat(Enumerable.Repeat("the", 30))));
        Assert.Equal(['t', He, 't', He], Ids("thethe"));
    }

    [Fact]
    public void Encode_SameMergesAsStrings_SameIds()
    {
        using var dir = new TempDirectory();
        var tok = Load(dir, SmolLike(stringMerges: true));
        Assert.Equal(Ids("Pick up the red cube, café 日本"), tok.Encode("Pick up the red cube, café 日本").Ids);
    }

    [Fact]
    public void Encode_AccentedLetter_UsesUtf8BytesInGpt2Alphabet()
    {
        // é = C3 A9 = "Ã©"; "Ã ©" (rank 15) merges before "c a" (16), "ca f" (17), "caf Ã©" (18).
        Assert.Equal([Cafe], Ids("café"));
        // " café" is one piece "Ġcafé" but no merge joins Ġ to "cafÃ©".
        Assert.Equal([' ', Cafe], Ids(" café"));
        Assert.Equal([ETilde], Ids("é"));
    }

    [Fact]
    public void Encode_Cjk_MergesOnlyWhereTheBytePairOccurs()
    {
        // 日 = E6 97 A5 (merged to one id), 本 = E6 9C AC (E6 9C has no merge).
        Assert.Equal([Nichi, 0xE6, 0x9C, 0xAC], Ids("日本"));
    }

    [Fact]
    public void Encode_Emoji_FourByteIds()
    {
        Assert.Equal([0xF0, 0x9F, 0xA4, 0x96], Ids("🤖"));
        // " ?[^\s\p{L}\p{N}]+": the space, the emoji and the "!" are one piece; no merges.
        Assert.Equal([' ', 0xF0, 0x9F, 0xA4, 0x96, '!'], Ids(" 🤖!"));
    }

    [Fact]
    public void Encode_Digits_EachDigitAlone_SpaceBeforeThemAlone()
    {
        Assert.Equal(['1', '2', GCube, 's'], Ids("12 cubes"));
        // Digits splits "a 12" into "a ", "1", "2"; ByteLevel then splits "a " into "a", " ".
        Assert.Equal(['a', ' ', '1', '2'], Ids("a 12"));
        Assert.Equal(['x', '2', '0', '2', '4', 'y'], Ids("x2024y"));
        // Non-ASCII digits are \p{N} too: Arabic-Indic ٣ (D9 A3) stands alone.
        Assert.Equal(['a', 0xD9, 0xA3, 'b'], Ids("a٣b"));
    }

    [Fact]
    public void Encode_SpaceRuns_LastSpaceStaysWithTheNextWord()
    {
        Assert.Equal([' ', GThe], Ids("  the"));          // " " | " the"
        Assert.Equal([SpaceSpace, GThe], Ids("   the"));  // "  " | " the"
        Assert.Equal(['t', He, SpaceSpace], Ids("the  ")); // trailing run stays whole
    }

    [Fact]
    public void Encode_NewlineRuns_BackOffOneCharacterBeforeAWord()
    {
        // "\n\n" before a letter: "\s+(?!\S)" takes "\n", then "\s+" takes the second "\n" alone.
        Assert.Equal(['\n', '\n', Pick], Ids("\n\nPick"));
        Assert.Equal([Pick, NewlineNewline], Ids("Pick\n\n"));
        Assert.Equal([Pick, '\n', GUp], Ids("Pick\n up"));
    }

    [Fact]
    public void Encode_Contractions_SplitBeforeTheApostrophe()
    {
        Assert.Equal(['i', 't', '\'', 's'], Ids("it's"));
        // "'re" is one piece, and "r e" merges inside it (259).
        Assert.Equal(['w', 'e', '\'', 259], Ids("we're"));
        // Not a contraction: "'x" is punctuation followed by a letter.
        Assert.Equal(['\'', 'x'], Ids("'x"));
    }

    [Fact]
    public void Encode_SpecialTokensInsideText_MatchedBeforePreTokenization()
    {
        Assert.Equal([ImStart, Pick, GThe, GRed, GCube, ImEnd], Ids("<|im_start|>Pick the red cube<|im_end|>"));
        Assert.Equal([Image, Image, Pick], Ids("<image><image>Pick"));
        // A partial special token is ordinary text.
        Assert.Equal(ByteIds("<|im_"), Ids("<|im_"));
    }

    [Fact]
    public void Encode_NonSpecialAddedToken_MatchedInsideWords()
    {
        Assert.Equal([Pick, ' ', Robot], Ids("Pick robot"));
        Assert.Equal([Robot, 's'], Ids("robots"));
    }

    [Fact]
    public void Encode_EmptyText_NoIds()
    {
        var result = _tok.Encode("");
        Assert.Empty(result.Ids);
        Assert.Empty(result.AttentionMask);
    }

    [Fact]
    public void Encode_ByteLevelPostProcessor_AddsNoTokens()
    {
        Assert.Equal(0, _tok.SpecialTokensAdded);
        Assert.Equal(Ids("Pick"), _tok.Encode("Pick", addSpecialTokens: false).Ids);
    }

    [Fact]
    public void Encode_MaxLength_TruncatesOnTheRight()
    {
        var result = _tok.Encode("Pick up the red cube", maxLength: 3);
        Assert.Equal([Pick, GUp, GThe], result.Ids);
        Assert.Equal([true, true, true], result.AttentionMask);
    }

    [Fact]
    public void Encode_PadToMaxLength_PadsRightWithPadIdAndFalseMask()
    {
        Assert.Equal(ImEnd, _tok.PadTokenId);
        var result = _tok.Encode("Pick up the red cube", maxLength: 8, padToMaxLength: true);
        Assert.Equal([Pick, GUp, GThe, GRed, GCube, ImEnd, ImEnd, ImEnd], result.Ids);
        Assert.Equal([true, true, true, true, true, false, false, false], result.AttentionMask);
        Assert.Equal(5, result.Count);
    }

    [Fact]
    public void Encode_LongerThanMaxLengthWithPadding_TruncatedNotPadded()
    {
        var result = _tok.Encode("Pick up the red cube", maxLength: 2, padToMaxLength: true);
        Assert.Equal([Pick, GUp], result.Ids);
        Assert.All(result.AttentionMask, Assert.True);
    }

    [Fact]
    public void Encode_MaxLengthZeroOrNegative_EmptyOrThrows()
    {
        Assert.Empty(_tok.Encode("Pick", maxLength: 0).Ids);
        Assert.Throws<ArgumentOutOfRangeException>(() => _tok.Encode("Pick", maxLength: -1));
    }

    [Fact]
    public void Encode_PadWithoutMaxLength_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => _tok.Encode("x", padToMaxLength: true));
        Assert.Contains("maxLength", e.Message);
    }

    [Fact]
    public void Encode_PadWithoutPadToken_ThrowsNamingTheFiles()
    {
        using var dir = new TempDirectory();
        var tok = Load(dir, SmolLike(), padToken: null);
        Assert.Null(tok.PadTokenId);
        var e = Assert.Throws<InvalidOperationException>(() => tok.Encode("x", maxLength: 4, padToMaxLength: true));
        Assert.Contains("no pad token", e.Message);
        Assert.Contains("tokenizer_config.json", e.Message);
    }

    [Fact]
    public void Encode_PaddingSectionOfTokenizerJson_GivesPadIdWithoutConfig()
    {
        using var dir = new TempDirectory();
        var json = SmolLike();
        json["padding"] = new System.Text.Json.Nodes.JsonObject { ["pad_id"] = ImStart, ["pad_token"] = "<|im_start|>" };
        Assert.Equal(ImStart, Load(dir, json, padToken: null).PadTokenId);
    }

    [Fact]
    public void EncodeTo_FillsCallerRows_SameAsEncodeWithPadding()
    {
        var ids = new int[8];
        var mask = new bool[8];
        int count = _tok.EncodeTo("Pick up the red cube", ids, mask);
        var expected = _tok.Encode("Pick up the red cube", maxLength: 8, padToMaxLength: true);
        Assert.Equal(5, count);
        Assert.Equal(expected.Ids, ids);
        Assert.Equal(expected.AttentionMask, mask);
    }

    [Fact]
    public void Properties_VocabSizeCoversAddedTokens()
    {
        Assert.Equal(Robot + 1, _tok.VocabSize);
        Assert.Equal(GThe, _tok.TokenToId(B(" the")));
        Assert.Equal(ImEnd, _tok.TokenToId("<|im_end|>"));
        Assert.Equal("Ġthe", _tok.IdToToken(GThe));
        Assert.Null(_tok.IdToToken(10_000));
    }
}
