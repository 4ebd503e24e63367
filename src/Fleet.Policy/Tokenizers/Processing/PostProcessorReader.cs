using Fleet.Policy.Tokenizers.Models;

namespace Fleet.Policy.Tokenizers.Processing;

/// <summary>INTERNAL API. Reads tokenizer.json's <c>post_processor</c> into a <see cref="PostProcessor"/>.</summary>
internal static class PostProcessorReader
{
    private const string Supported = "ByteLevel, TemplateProcessing, RobertaProcessing, BertProcessing, Sequence";

    public static PostProcessor Read(JsonField field, BpeModel model, IReadOnlyList<AddedToken> added)
    {
        string type = field.Type();
        switch (type)
        {
            case "ByteLevel":
                return PostProcessor.None;
            case "TemplateProcessing":
                var specials = ReadSpecialTokens(field.Get("special_tokens"));
                var single = ReadTemplate(field.Get("single"), specials);
                // Without a pair template, a pair is the single template followed by B.
                var pairTemplate = field.Find("pair") is { } p ? ReadTemplate(p, specials) : [.. single, new TemplatePart(null, 'B')];
                return new PostProcessor(single, pairTemplate);
            case "RobertaProcessing":
            case "BertProcessing":
                int[] cls = [ReadTokenPair(field.Get("cls"))], sep = [ReadTokenPair(field.Get("sep"))];
                var a = new TemplatePart(null, 'A');
                var b = new TemplatePart(null, 'B');
                TemplatePart Cls() => new(cls, ' ');
                TemplatePart Sep() => new(sep, ' ');
                return type == "BertProcessing"
                    ? new PostProcessor([Cls(), a, Sep()], [Cls(), a, Sep(), b, Sep()])
                    : new PostProcessor([Cls(), a, Sep()], [Cls(), a, Sep(), Sep(), b, Sep()]);
            case "Sequence":
                var members = field.Get("processors").Items().Select(p => (Field: p, Processor: Read(p, model, added))).ToArray();
                var adding = members.Where(m => m.Processor.AddsTokens).ToArray();
                if (adding.Length > 1)
                    throw adding[1].Field.Error("adds special tokens after another member of the sequence already did; Fleet supports one token-adding post-processor");
                return adding.Length == 1 ? adding[0].Processor : PostProcessor.None;
            default:
                throw field.Unsupported("post-processor", type, Supported);
        }
    }

    private static Dictionary<string, int[]> ReadSpecialTokens(JsonField field)
    {
        var specials = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (name, value) in field.Properties())
            specials[name] = value.Get("ids").Items().Select(i => i.GetInt()).ToArray();
        return specials;
    }

    private static TemplatePart[] ReadTemplate(JsonField field, Dictionary<string, int[]> specials)
    {
        var parts = new List<TemplatePart>();
        foreach (var item in field.Items())
        {
            if (item.Find("SpecialToken") is { } special)
            {
                var idField = special.Get("id");
                string name = idField.GetString();
                parts.Add(new TemplatePart(
                    specials.TryGetValue(name, out var ids) ? ids : throw idField.Error($"= \"{name}\" is not listed in special_tokens"), ' '));
            }
            else if (item.Find("Sequence") is { } sequence)
            {
                var idField = sequence.Get("id");
                string which = idField.GetString();
                parts.Add(which is "A" or "B" ? new TemplatePart(null, which[0]) : throw idField.Error($"= \"{which}\" must be \"A\" or \"B\""));
            }
            else
            {
                throw item.Error("must be {\"SpecialToken\": ...} or {\"Sequence\": ...}");
            }
        }
        return parts.ToArray();
    }

    /// <summary>A <c>["&lt;s&gt;", 0]</c> pair of Roberta/Bert processing: the id.</summary>
    private static int ReadTokenPair(JsonField field)
    {
        var items = field.Items().ToArray();
        return items.Length == 2 ? items[1].GetInt() : throw field.Error("must be a [token, id] pair");
    }
}
