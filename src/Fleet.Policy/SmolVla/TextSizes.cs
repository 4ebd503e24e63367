namespace Fleet.Policy.SmolVla;

/// <summary>Sizes of a Llama-style decoder (the SmolLM2 text model, or the action expert built from a copy of its config).</summary>
/// <param name="Hidden">Residual width.</param>
/// <param name="Intermediate">MLP (gate/up) width.</param>
/// <param name="Heads">Query heads.</param>
/// <param name="KvHeads">Key/value heads (grouped-query attention: query head h reads KV head h / (Heads / KvHeads)).</param>
/// <param name="HeadDim">Width of one head.</param>
/// <param name="RmsNormEps">RMSNorm epsilon.</param>
/// <param name="VocabSize">Rows of the token embedding table (0 for the expert, which has none).</param>
public sealed record TextSizes(int Hidden, int Intermediate, int Heads, int KvHeads, int HeadDim, float RmsNormEps, int VocabSize)
{
    /// <summary>Query projection width, <c>Heads × HeadDim</c>.</summary>
    public int QueryWidth => Heads * HeadDim;

    /// <summary>Key/value projection width, <c>KvHeads × HeadDim</c>.</summary>
    public int KvWidth => KvHeads * HeadDim;
}
