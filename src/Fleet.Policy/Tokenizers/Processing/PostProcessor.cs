namespace Fleet.Policy.Tokenizers.Processing;

/// <summary>One element of a template: a special token's ids, or the place of sequence A or B.</summary>
internal readonly record struct TemplatePart(int[]? SpecialIds, char Sequence);

/// <summary>
/// INTERNAL API. tokenizer.json's <c>post_processor</c> reduced to what it does to ids: a template for one text and
/// one for a pair, each a list of special tokens and sequence slots. <c>ByteLevel</c> (offsets only) and null add
/// nothing; <c>TemplateProcessing</c>, <c>RobertaProcessing</c> and <c>BertProcessing</c> add their special tokens;
/// a <c>Sequence</c> of them composes (at most one member may add tokens).
/// </summary>
internal sealed class PostProcessor
{
    public static readonly PostProcessor None = new([new TemplatePart(null, 'A')], [new TemplatePart(null, 'A'), new TemplatePart(null, 'B')]);

    public PostProcessor(TemplatePart[] single, TemplatePart[] pair)
    {
        Single = single;
        Pair = pair;
        SingleAdded = single.Sum(p => p.SpecialIds?.Length ?? 0);
        PairAdded = pair.Sum(p => p.SpecialIds?.Length ?? 0);
    }

    public TemplatePart[] Single { get; }
    public TemplatePart[] Pair { get; }

    /// <summary>The number of ids the single-text template adds.</summary>
    public int SingleAdded { get; }

    /// <summary>The number of ids the pair template adds.</summary>
    public int PairAdded { get; }

    public bool AddsTokens => SingleAdded > 0 || PairAdded > 0;

    /// <summary>Writes the template's ids with <paramref name="a"/> (and <paramref name="b"/>) in their slots.</summary>
    public void Apply(ReadOnlySpan<int> a, ReadOnlySpan<int> b, bool pair, IdList output)
    {
        foreach (var part in pair ? Pair : Single)
        {
            if (part.SpecialIds is { } ids) output.AddRange(ids);
            else output.AddRange(part.Sequence == 'A' ? a : b);
        }
    }
}
