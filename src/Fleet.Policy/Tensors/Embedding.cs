namespace Fleet.Policy.Tensors;

/// <summary>Embedding lookup: row <c>ids[i]</c> of a <c>[vocab, dim]</c> table becomes output row i.</summary>
public static class Embedding
{
    /// <summary>Gathers rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the table; the message names the id and the vocabulary size.</exception>
    public static void Lookup(ReadOnlySpan<float> table, int dim, ReadOnlySpan<int> ids, Span<float> output)
    {
        int vocab = table.Length / dim;
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)vocab)
                throw new ArgumentOutOfRangeException(nameof(ids), ids[i], $"Token id {ids[i]} at position {i} is outside the embedding table of {vocab} rows.");
            table.Slice(ids[i] * dim, dim).CopyTo(output.Slice(i * dim, dim));
        }
    }
}
