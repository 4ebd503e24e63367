using System.Text.RegularExpressions;
using Fleet.Policy.Tokenizers.PreTokenizers;

namespace Fleet.Policy.Tests.Tokenizers;

/// <summary>The pre-tokenizers on their own: the pieces they cut, before BPE.</summary>
public sealed class PreTokenizerTests
{
    private static string[] Pieces(PreTokenizer pre, string text)
    {
        using var buffer = new PieceBuffer(4);
        buffer.Reset(text);
        pre.Apply(buffer);
        return Enumerable.Range(0, buffer.Count).Select(i => buffer[i].ToString()).ToArray();
    }

    private static string[] Gpt2Split(string text)
    {
        var pieces = new List<string>();
        for (int at = 0; at < text.Length;)
        {
            int n = Gpt2Pattern.MatchLength(text.AsSpan(at));
            pieces.Add(text.Substring(at, n));
            at += n;
        }
        return pieces.ToArray();
    }

    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("I'm   here!!", new[] { "I", "'m", "  ", " here", "!!" })]
    [InlineData("x  \n\ty", new[] { "x", "  \n", "\t", "y" })]
    [InlineData("a1b 22 ..c", new[] { "a", "1", "b", " 22", " ..", "c" })]
    [InlineData("end   ", new[] { "end", "   " })]
    [InlineData("'S 'LL 'll", new[] { "'", "S", " '", "LL", " '", "ll" })] // case-sensitive; " 'll" is " '" + "ll"
    [InlineData("𝐀𝐁 x", new[] { "𝐀𝐁", " x" })] // mathematical bold letters (outside the BMP) are \p{L}
    [InlineData("🤖🤖 ok", new[] { "🤖🤖", " ok" })]
    [InlineData("a\u00A0b", new[] { "a", "\u00A0", "b" })] // NBSP is \s but not the optional ' '
    public void Gpt2Pattern_SplitsLikeTheRegex(string text, string[] expected)
    {
        Assert.Equal(expected, Gpt2Split(text));
    }

    [Fact]
    public void ByteLevel_MapsBytesAndOptionallyPrefixesASpace()
    {
        Assert.Equal(["Hello", "Ġworld", "Ċ"], Pieces(new ByteLevelPreTokenizer(false, true), "Hello world\n"));
        Assert.Equal(["ĠHello", "Ġworld"], Pieces(new ByteLevelPreTokenizer(true, true), "Hello world"));
        Assert.Equal(["ĠcafÃ©"], Pieces(new ByteLevelPreTokenizer(false, false), " café"));
    }

    [Fact]
    public void Digits_IndividualOrRuns()
    {
        Assert.Equal(["ab", "1", "2", "3", "c"], Pieces(new DigitsPreTokenizer(true), "ab123c"));
        Assert.Equal(["ab", "123", "c ", "٣٤"], Pieces(new DigitsPreTokenizer(false), "ab123c ٣٤"));
    }

    [Theory]
    [InlineData("Removed", false, new[] { "a", "b", "c" })]
    [InlineData("Isolated", false, new[] { "a", "-", "b", "-", "-", "c" })]
    [InlineData("MergedWithPrevious", false, new[] { "a-", "b-", "-", "c" })]
    [InlineData("MergedWithNext", false, new[] { "a", "-b", "-", "-c" })]
    [InlineData("Contiguous", false, new[] { "a", "-", "b", "--", "c" })]
    [InlineData("Removed", true, new[] { "-", "-", "-" })]
    public void Split_Behaviors(string behavior, bool invert, string[] expected)
    {
        Assert.Equal(expected, Pieces(new SplitPreTokenizer(new Regex("-"), Enum.Parse<SplitBehavior>(behavior), invert), "a-b--c"));
    }

    [Fact]
    public void Sequence_AppliesStepsInOrder()
    {
        var smol = new SequencePreTokenizer([new DigitsPreTokenizer(true), new ByteLevelPreTokenizer(false, true)]);
        Assert.Equal(["a", "Ġ", "1", "2"], Pieces(smol, "a 12"));
    }
}
