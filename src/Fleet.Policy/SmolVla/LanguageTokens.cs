namespace Fleet.Policy.SmolVla;

/// <summary>
/// Tokenized task text for a batch, as LeRobot's tokenizer step outputs it: ids <c>[batch, length]</c> and an
/// attention mask of the same shape (false for padding). Masked positions are dropped from the prefix; that is exact,
/// since no valid token attends to them and they do not shift valid positions. Immutable.
/// </summary>
public sealed class LanguageTokens
{
    private readonly int[][] _valid;

    /// <summary>Wraps row-major ids and mask.</summary>
    /// <exception cref="ArgumentException">The arrays differ in length or are not a whole number of rows.</exception>
    public LanguageTokens(int batch, int length, int[] ids, bool[] mask)
    {
        if (ids.Length != batch * length || mask.Length != ids.Length)
            throw new ArgumentException($"Language tokens: ids hold {ids.Length} and the mask {mask.Length} values; [{batch}, {length}] needs {batch * length} each.");
        Batch = batch;
        Length = length;
        _valid = new int[batch][];
        for (int b = 0; b < batch; b++)
            _valid[b] = Enumerable.Range(0, length).Where(i => mask[b * length + i]).Select(i => ids[b * length + i]).ToArray();
    }

    /// <summary>Observations.</summary>
    public int Batch { get; }

    /// <summary>Padded sequence length.</summary>
    public int Length { get; }

    /// <summary>Unmasked tokens of observation <paramref name="item"/>.</summary>
    public int ValidCount(int item) => _valid[item].Length;

    /// <summary>The unmasked ids of observation <paramref name="item"/>, in order.</summary>
    public ReadOnlySpan<int> ValidIds(int item) => _valid[item];
}
