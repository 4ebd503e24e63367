using Fleet.Policy.Tokenizers.Models;
using Fleet.Policy.Tokenizers.Normalizers;
using Fleet.Policy.Tokenizers.PreTokenizers;
using Fleet.Policy.Tokenizers.Processing;

namespace Fleet.Policy.Tokenizers;

/// <summary>
/// A byte-level BPE tokenizer read from a Hugging Face <c>tokenizer.json</c>, as SmolVLM2 (and so SmolVLA) and the
/// GPT-2/SmolLM2 family use it. Encoding runs the file's pipeline: added tokens are cut out of the raw text first
/// (leftmost, longest), the rest is normalized, pre-tokenized (ByteLevel with GPT-2's split pattern, Digits, Split,
/// Sequence) and merged by the BPE model, then the post-processor adds its special tokens. Components Fleet does not
/// implement are refused by <see cref="Load"/> with a <see cref="TokenizerException"/> naming the file and JSON path.
/// </summary>
/// <remarks>
/// Truncation and padding follow the transformers library's <c>tokenizer(text, max_length=N, truncation=True,
/// padding="max_length")</c>: <c>maxLength</c> counts the special tokens, the text's tokens are cut on the right to
/// make room for them, and padding goes on the right with <see cref="PadTokenId"/>. The <c>truncation</c> and
/// <c>padding</c> sections of tokenizer.json itself are not applied (transformers overrides them per call too).
/// An instance is immutable apart from its word cache and is safe to use from several threads.
/// </remarks>
public sealed class BpeTokenizer
{
    private readonly BpeModel _model;
    private readonly TextNormalizer? _normalizer;
    private readonly PreTokenizer? _preTokenizer;
    private readonly PostProcessor _post;
    private readonly TokenDecoder? _decoder;
    private readonly AddedTokenMatcher _rawMatcher;
    private readonly AddedTokenMatcher _normalizedMatcher;
    private readonly string?[] _idToToken;
    private readonly bool[] _isSpecial;

    private BpeTokenizer(string path, TokenizerParts parts)
    {
        SourcePath = path;
        _model = parts.Model;
        _normalizer = parts.Normalizer;
        _preTokenizer = parts.PreTokenizer;
        _post = parts.PostProcessor;
        _decoder = parts.Decoder;
        AddedTokens = parts.AddedTokens;
        PadTokenId = parts.PadTokenId;
        // Two stages, as in the reference library: raw tokens cut the raw text, then normalized tokens cut what is left
        // (after normalization), so a raw token wins over an overlapping normalized one even when it starts later.
        _rawMatcher = new AddedTokenMatcher(parts.AddedTokens.Where(t => !t.Normalized));
        _normalizedMatcher = new AddedTokenMatcher(parts.AddedTokens.Where(t => t.Normalized));

        int maxId = Math.Max(_model.Vocab.Count == 0 ? -1 : _model.Vocab.Values.Max(), parts.AddedTokens.Count == 0 ? -1 : parts.AddedTokens.Max(t => t.Id));
        VocabSize = maxId + 1;
        _idToToken = new string?[VocabSize];
        _isSpecial = new bool[VocabSize];
        foreach (var (token, id) in _model.Vocab) _idToToken[id] = token;
        foreach (var t in parts.AddedTokens)
        {
            _idToToken[t.Id] = t.Content;
            _isSpecial[t.Id] = t.Special;
        }
        if (PadTokenId is int pad && (pad < 0 || pad >= VocabSize || _idToToken[pad] is null))
            throw new TokenizerException($"{path}: the pad token id {pad} is not a token of this tokenizer (ids 0..{VocabSize - 1}).");
    }

    /// <summary>
    /// Reads <paramref name="tokenizerJsonPath"/> (and, when present, the <c>tokenizer_config.json</c> in the same
    /// folder, whose <c>pad_token</c> sets <see cref="PadTokenId"/>). Throws <see cref="TokenizerException"/> naming
    /// the file and JSON path for a missing or malformed file, a merge naming a token outside the vocabulary, or a
    /// component Fleet does not support.
    /// </summary>
    public static BpeTokenizer Load(string tokenizerJsonPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenizerJsonPath);
        return new BpeTokenizer(tokenizerJsonPath, TokenizerJsonReader.Read(tokenizerJsonPath));
    }

    /// <summary>The file this tokenizer was loaded from.</summary>
    public string SourcePath { get; }

    /// <summary>One more than the largest token id (model vocabulary and added tokens): the rows an embedding table needs.</summary>
    public int VocabSize { get; }

    /// <summary>The id padding uses, or null when neither tokenizer_config.json nor tokenizer.json names a pad token.</summary>
    public int? PadTokenId { get; }

    /// <summary>The added tokens of tokenizer.json, in file order.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>The number of special tokens the post-processor adds to one text (0 for SmolVLM2: no BOS/EOS).</summary>
    public int SpecialTokensAdded => _post.SingleAdded;

    /// <summary>The id of <paramref name="token"/> (an added token or a vocabulary entry, in byte-level characters), or null.</summary>
    public int? TokenToId(string token) => TokenizerJsonReader.IdOf(token, _model, AddedTokens);

    /// <summary>The token string of <paramref name="id"/>, or null when no token has it.</summary>
    public string? IdToToken(int id) => (uint)id < (uint)VocabSize ? _idToToken[id] : null;

    /// <summary>
    /// Encodes <paramref name="text"/>. With <paramref name="maxLength"/>, the result holds at most that many ids,
    /// special tokens included (the text's own tokens are cut on the right); with <paramref name="padToMaxLength"/>
    /// it holds exactly that many, right-padded with <see cref="PadTokenId"/> and a false mask.
    /// <paramref name="addSpecialTokens"/> controls the post-processor's tokens only: added tokens written in the
    /// text are always recognised.
    /// </summary>
    /// <exception cref="ArgumentException">Padding without a max length, or a max length too short for the special tokens.</exception>
    /// <exception cref="InvalidOperationException">Padding asked for, but the tokenizer has no pad token.</exception>
    public TokenizedText Encode(string text, int? maxLength = null, bool padToMaxLength = false, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (padToMaxLength && maxLength is null)
            throw new ArgumentException("padToMaxLength needs a maxLength to pad to.", nameof(padToMaxLength));
        using var ids = new IdList();
        int count = EncodeWithSpecialTokens(text, null, maxLength, addSpecialTokens, ids);
        int length = padToMaxLength ? maxLength!.Value : count;
        return ToResult(ids.Span, length);
    }

    /// <summary>
    /// Encodes a pair of texts with the post-processor's pair template (e.g. <c>[CLS] A [SEP] B [SEP]</c>). With
    /// <paramref name="maxLength"/>, the two texts are cut longest-first, as the reference library's default
    /// <c>longest_first</c> strategy does; padding as in <see cref="Encode"/>.
    /// </summary>
    public TokenizedText EncodePair(string first, string second, int? maxLength = null, bool padToMaxLength = false, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (padToMaxLength && maxLength is null)
            throw new ArgumentException("padToMaxLength needs a maxLength to pad to.", nameof(padToMaxLength));
        using var ids = new IdList();
        int count = EncodeWithSpecialTokens(first, second, maxLength, addSpecialTokens, ids);
        return ToResult(ids.Span, padToMaxLength ? maxLength!.Value : count);
    }

    /// <summary>
    /// Encodes <paramref name="text"/> straight into caller-owned rows (a batch tensor's row, say): at most
    /// <c>ids.Length</c> ids, special tokens included, the rest padded with <see cref="PadTokenId"/> and a false
    /// mask. Allocates no result arrays (only a few small scratch objects). Returns the number of real tokens.
    /// </summary>
    public int EncodeTo(string text, Span<int> ids, Span<bool> attentionMask, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (attentionMask.Length != ids.Length)
            throw new ArgumentException($"the attention mask has {attentionMask.Length} slots but ids has {ids.Length}.", nameof(attentionMask));
        using var list = new IdList();
        int count = EncodeWithSpecialTokens(text, null, ids.Length, addSpecialTokens, list);
        list.Span.CopyTo(ids);
        attentionMask[..count].Fill(true);
        if (count < ids.Length)
        {
            ids[count..].Fill(RequirePad());
            attentionMask[count..].Fill(false);
        }
        return count;
    }

    /// <summary>
    /// Turns ids back into text through tokenizer.json's decoder (ByteLevel: the original UTF-8, spaces included).
    /// With <paramref name="skipSpecialTokens"/>, special added tokens (<c>special: true</c>) are left out.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id that is no token of this tokenizer.</exception>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = true)
    {
        var tokens = new List<string>(ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            string token = IdToToken(id)
                ?? throw new ArgumentOutOfRangeException(nameof(ids), $"ids[{i}] = {id} is not a token of {SourcePath} (ids 0..{VocabSize - 1}).");
            if (skipSpecialTokens && _isSpecial[id]) continue;
            tokens.Add(token);
        }
        return _decoder is null ? string.Join(' ', tokens) : string.Concat(_decoder.Decode(tokens));
    }

    private int EncodeWithSpecialTokens(string first, string? second, int? maxLength, bool addSpecialTokens, IdList output)
    {
        bool pair = second is not null;
        if (maxLength < 0)
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "maxLength must not be negative.");
        int added = addSpecialTokens ? (pair ? _post.PairAdded : _post.SingleAdded) : 0;
        if (maxLength is int max && max < added)
            throw new ArgumentException($"maxLength {max} leaves no room: the post-processor alone adds {added} special tokens.", nameof(maxLength));

        using var a = new IdList();
        using var b = pair ? new IdList(16) : null;
        using var buffer = new PieceBuffer(Math.Max(64, first.Length * 3 + 8));
        EncodeText(first, a, buffer);
        if (b is not null) EncodeText(second!, b, buffer);

        int keepA = a.Count, keepB = b?.Count ?? 0;
        if (maxLength is int limit) (keepA, keepB) = Truncation.Lengths(keepA, keepB, pair, limit - added);
        var spanB = b is null ? default : b.Span[..keepB];
        if (addSpecialTokens) _post.Apply(a.Span[..keepA], spanB, pair, output);
        else
        {
            output.AddRange(a.Span[..keepA]);
            output.AddRange(spanB);
        }
        return output.Count;
    }

    /// <summary>Added tokens, normalization, pre-tokenization and BPE for one text (no post-processing).</summary>
    private void EncodeText(string text, IdList output, PieceBuffer buffer)
    {
        int position = 0;
        while (_rawMatcher.FindNext(text, position, out int start, out int end, out int id))
        {
            if (start > position) EncodeBetweenRawTokens(text.AsSpan(position, start - position), output, buffer);
            output.Add(id);
            position = end;
        }
        if (position < text.Length) EncodeBetweenRawTokens(text.AsSpan(position), output, buffer);
    }

    private void EncodeBetweenRawTokens(ReadOnlySpan<char> segment, IdList output, PieceBuffer buffer)
    {
        if (_normalizer is null && _normalizedMatcher.IsEmpty)
        {
            EncodePlain(segment, output, buffer);
            return;
        }
        ReadOnlySpan<char> normalized = _normalizer is null ? segment : _normalizer.Normalize(segment.ToString());
        int position = 0;
        while (_normalizedMatcher.FindNext(normalized, position, out int start, out int end, out int id))
        {
            if (start > position) EncodePlain(normalized[position..start], output, buffer);
            output.Add(id);
            position = end;
        }
        if (position < normalized.Length) EncodePlain(normalized[position..], output, buffer);
    }

    private void EncodePlain(ReadOnlySpan<char> text, IdList output, PieceBuffer buffer)
    {
        buffer.Reset(text);
        _preTokenizer?.Apply(buffer);
        for (int i = 0; i < buffer.Count; i++) _model.Tokenize(buffer[i], output);
    }

    private TokenizedText ToResult(ReadOnlySpan<int> ids, int length)
    {
        var outIds = new int[length];
        var mask = new bool[length];
        ids.CopyTo(outIds);
        mask.AsSpan(0, ids.Length).Fill(true);
        if (length > ids.Length) outIds.AsSpan(ids.Length).Fill(RequirePad());
        return new TokenizedText(outIds, mask);
    }

    private int RequirePad() => PadTokenId ?? throw new InvalidOperationException(
        $"{SourcePath}: padding was asked for, but the tokenizer has no pad token (no pad_token in tokenizer_config.json and no padding.pad_id in tokenizer.json).");
}
