namespace Fleet.Policy.Tokenizers.PreTokenizers;

/// <summary>
/// INTERNAL API. One pre-tokenization step of a tokenizer.json (<c>pre_tokenizer</c>): it splits every current piece
/// into smaller ones and may rewrite their characters (ByteLevel maps UTF-8 bytes to its alphabet). BPE merges never
/// cross a piece boundary.
/// </summary>
internal abstract class PreTokenizer
{
    public abstract void Apply(PieceBuffer buffer);
}

/// <summary>INTERNAL API. <c>{"type": "Sequence", "pretokenizers": [...]}</c>: the steps in order.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<PreTokenizer> steps) : PreTokenizer
{
    public IReadOnlyList<PreTokenizer> Steps { get; } = steps;

    public override void Apply(PieceBuffer buffer)
    {
        foreach (var step in Steps) step.Apply(buffer);
    }
}
