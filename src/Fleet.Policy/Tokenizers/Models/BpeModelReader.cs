using System.Text.Json;

namespace Fleet.Policy.Tokenizers.Models;

/// <summary>INTERNAL API. Reads tokenizer.json's <c>model</c> object into a <see cref="BpeModel"/>.</summary>
internal static class BpeModelReader
{
    public static BpeModel Read(JsonField model)
    {
        string type = model.Find("type")?.GetString() ?? (model.Find("merges") is not null ? "BPE" : "(none)");
        if (type != "BPE") throw model.Unsupported("model", type, "BPE");

        var vocab = ReadVocab(model.Get("vocab"));
        string? prefix = model.OptionalString("continuing_subword_prefix");
        string? suffix = model.OptionalString("end_of_word_suffix");
        var merges = model.Find("merges") is { } m ? ReadMerges(m, vocab, prefix) : [];

        int? unk = null;
        if (model.Find("unk_token") is { } unkField)
        {
            string unkToken = unkField.GetString();
            if (!vocab.TryGetValue(unkToken, out int unkId))
                throw unkField.Error($"= \"{unkToken}\" is not in model.vocab");
            unk = unkId;
        }
        // BPE dropout is a training-time regularizer: Fleet always tokenizes deterministically and ignores it.
        var options = new BpeOptions(
            unk, model.OptionalBool("fuse_unk", false), model.OptionalBool("byte_fallback", false),
            model.OptionalBool("ignore_merges", false), prefix, suffix);
        return new BpeModel(vocab, merges, options);
    }

    private static Dictionary<string, int> ReadVocab(JsonField field)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (token, id) in field.Properties())
            vocab[token] = id.GetInt();
        return vocab;
    }

    private static Dictionary<long, MergeEntry> ReadMerges(JsonField field, Dictionary<string, int> vocab, string? prefix)
    {
        var merges = new Dictionary<long, MergeEntry>(field.ArrayLength(), PairKeyComparer.Instance);
        int rank = 0;
        foreach (var item in field.Items())
        {
            var (left, right) = ReadPair(item);
            int leftId = IdOf(item, vocab, left), rightId = IdOf(item, vocab, right);
            string merged = left + (prefix is not null && right.StartsWith(prefix, StringComparison.Ordinal) ? right[prefix.Length..] : right);
            if (!vocab.TryGetValue(merged, out int mergedId))
                throw item.Error($"merges \"{left}\" and \"{right}\" into \"{merged}\", which is not in model.vocab");
            // A repeated pair keeps its first (best) rank, as in the reference library's merge map.
            merges.TryAdd(BpeModel.PairKey(leftId, rightId), new MergeEntry(rank, mergedId));
            rank++;
        }
        return merges;
    }

    private static (string Left, string Right) ReadPair(JsonField item)
    {
        if (item.Element.ValueKind == JsonValueKind.String)
        {
            // The older form "a b": byte-level tokens never contain a plain space, so one space separates the two.
            string text = item.GetString();
            int space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || space == text.Length - 1 || text.IndexOf(' ', space + 1) >= 0)
                throw item.Error($"= \"{text}\" is not a merge (two tokens separated by one space, \"a b\")");
            return (text[..space], text[(space + 1)..]);
        }
        if (item.Element.ValueKind == JsonValueKind.Array && item.ArrayLength() == 2)
        {
            var parts = item.Items().Select(p => p.GetString()).ToArray();
            return (parts[0], parts[1]);
        }
        throw item.Error("is not a merge (a string \"a b\" or a pair [\"a\", \"b\"])");
    }

    private static int IdOf(JsonField item, Dictionary<string, int> vocab, string token) =>
        vocab.TryGetValue(token, out int id) ? id : throw item.Error($"names \"{token}\", which is not in model.vocab");
}
