using System.Text;
using Fleet.Policy.Tokenizers.PreTokenizers;

namespace Fleet.Policy.Tokenizers.Processing;

/// <summary>
/// INTERNAL API. One step of tokenizer.json's <c>decoder</c>: turns the token strings of <see cref="BpeTokenizer.Decode"/>
/// into text. Steps work on the list of token strings; the final list is concatenated.
/// </summary>
internal abstract class TokenDecoder
{
    public abstract List<string> Decode(List<string> tokens);
}

/// <summary>INTERNAL API. <c>ByteLevel</c>: maps the alphabet characters back to bytes and reads them as UTF-8 (invalid sequences become U+FFFD).</summary>
internal sealed class ByteLevelDecoder : TokenDecoder
{
    public override List<string> Decode(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens) ByteLevelPreTokenizer.AppendBytes(token, bytes);
        return [Encoding.UTF8.GetString(bytes.ToArray())];
    }
}

/// <summary>INTERNAL API. <c>Sequence</c>: the steps in order.</summary>
internal sealed class SequenceDecoder(IReadOnlyList<TokenDecoder> steps) : TokenDecoder
{
    public override List<string> Decode(List<string> tokens)
    {
        foreach (var step in steps) tokens = step.Decode(tokens);
        return tokens;
    }
}

/// <summary>INTERNAL API. <c>Replace</c> with a literal pattern, in every token.</summary>
internal sealed class ReplaceDecoder(string pattern, string content) : TokenDecoder
{
    public override List<string> Decode(List<string> tokens) =>
        tokens.Select(t => t.Replace(pattern, content, StringComparison.Ordinal)).ToList();
}

/// <summary>INTERNAL API. <c>Fuse</c>: all tokens become one string.</summary>
internal sealed class FuseDecoder : TokenDecoder
{
    public override List<string> Decode(List<string> tokens) => [string.Concat(tokens)];
}

/// <summary>INTERNAL API. <c>Strip</c>: removes up to <c>start</c> leading and <c>stop</c> trailing <c>content</c> characters of every token.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : TokenDecoder
{
    public override List<string> Decode(List<string> tokens) => tokens.Select(Strip).ToList();

    private string Strip(string token)
    {
        int from = 0, to = token.Length;
        while (from < Math.Min(start, token.Length) && token[from] == content) from++;
        while (token.Length - to < stop && to > from && token[to - 1] == content) to--;
        return token[from..to];
    }
}

/// <summary>INTERNAL API. <c>ByteFallback</c>: runs of <c>&lt;0xHH&gt;</c> tokens become the UTF-8 text they spell (U+FFFD per token when invalid).</summary>
internal sealed class ByteFallbackDecoder : TokenDecoder
{
    public override List<string> Decode(List<string> tokens)
    {
        var output = new List<string>();
        var pending = new List<byte>();
        foreach (var token in tokens)
        {
            if (token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
                && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out byte b))
            {
                pending.Add(b);
                continue;
            }
            Flush(pending, output);
            output.Add(token);
        }
        Flush(pending, output);
        return output;
    }

    private static void Flush(List<byte> pending, List<string> output)
    {
        if (pending.Count == 0) return;
        try
        {
            output.Add(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(pending.ToArray()));
        }
        catch (DecoderFallbackException)
        {
            for (int i = 0; i < pending.Count; i++) output.Add("\uFFFD");
        }
        pending.Clear();
    }
}
