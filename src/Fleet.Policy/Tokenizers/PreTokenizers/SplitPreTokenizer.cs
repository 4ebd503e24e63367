using System.Text.RegularExpressions;

namespace Fleet.Policy.Tokenizers.PreTokenizers;

/// <summary>INTERNAL API. What <see cref="SplitPreTokenizer"/> does with the parts its pattern matches.</summary>
internal enum SplitBehavior
{
    /// <summary>Matches are dropped.</summary>
    Removed,
    /// <summary>Every match is a piece of its own.</summary>
    Isolated,
    /// <summary>A match joins the piece before it.</summary>
    MergedWithPrevious,
    /// <summary>A match joins the piece after it.</summary>
    MergedWithNext,
    /// <summary>Consecutive matches form one piece.</summary>
    Contiguous,
}

/// <summary>
/// INTERNAL API. <c>{"type": "Split", "pattern": {"String"|"Regex": ...}, "behavior", "invert"}</c>: splits every
/// piece around the matches of a pattern (with <c>invert</c>, around what lies between them). Regex patterns run on
/// .NET's engine, which classifies UTF-16 units: <c>\p{L}</c> and friends do not match characters outside the BMP as
/// Oniguruma does; GPT-2's own pattern avoids this through <see cref="Gpt2Pattern"/>.
/// </summary>
internal sealed class SplitPreTokenizer(Regex pattern, SplitBehavior behavior, bool invert) : PreTokenizer
{
    public override void Apply(PieceBuffer buffer)
    {
        var parts = new List<(int Start, int End, bool IsMatch)>();
        buffer.BeginPass();
        for (int p = 0; p < buffer.Count; p++)
        {
            parts.Clear();
            FindParts(buffer[p], parts);
            foreach (var (start, end) in Combine(parts))
                buffer.Keep(p, start, end - start);
        }
        buffer.EndPass();
    }

    private void FindParts(ReadOnlySpan<char> text, List<(int Start, int End, bool IsMatch)> parts)
    {
        int previous = 0;
        foreach (var m in pattern.EnumerateMatches(text))
        {
            if (m.Index > previous) parts.Add((previous, m.Index, invert));
            parts.Add((m.Index, m.Index + m.Length, !invert));
            previous = m.Index + m.Length;
        }
        if (previous < text.Length) parts.Add((previous, text.Length, invert));
    }

    private List<(int Start, int End)> Combine(List<(int Start, int End, bool IsMatch)> parts)
    {
        var pieces = new List<(int Start, int End)>(parts.Count);
        bool previousMatch = false;
        switch (behavior)
        {
            case SplitBehavior.Removed:
                foreach (var part in parts) if (!part.IsMatch) pieces.Add((part.Start, part.End));
                break;
            case SplitBehavior.Isolated:
                foreach (var part in parts) pieces.Add((part.Start, part.End));
                break;
            case SplitBehavior.MergedWithPrevious:
                foreach (var part in parts)
                {
                    if (part.IsMatch && !previousMatch && pieces.Count > 0)
                        pieces[^1] = (pieces[^1].Start, part.End);
                    else
                        pieces.Add((part.Start, part.End));
                    previousMatch = part.IsMatch;
                }
                break;
            case SplitBehavior.MergedWithNext:
                for (int i = parts.Count - 1; i >= 0; i--)
                {
                    var part = parts[i];
                    if (part.IsMatch && !previousMatch && pieces.Count > 0)
                        pieces[^1] = (part.Start, pieces[^1].End);
                    else
                        pieces.Add((part.Start, part.End));
                    previousMatch = part.IsMatch;
                }
                pieces.Reverse();
                break;
            case SplitBehavior.Contiguous:
                foreach (var part in parts)
                {
                    if (part.IsMatch == previousMatch && pieces.Count > 0)
                        pieces[^1] = (pieces[^1].Start, part.End);
                    else
                        pieces.Add((part.Start, part.End));
                    previousMatch = part.IsMatch;
                }
                break;
        }
        return pieces;
    }
}
