namespace Fleet.Policy.Tokenizers;

/// <summary>
/// The token ids of one text and its attention mask, both of the same length. Padding is on the right: once
/// <see cref="AttentionMask"/> turns false it stays false, and those positions hold the pad token id.
/// </summary>
/// <param name="Ids">Token ids, special tokens of the post-processor included.</param>
/// <param name="AttentionMask">True for a real token, false for padding.</param>
public sealed record TokenizedText(int[] Ids, bool[] AttentionMask)
{
    /// <summary>The number of real (not padding) tokens.</summary>
    public int Count
    {
        get
        {
            int n = 0;
            foreach (bool m in AttentionMask) if (m) n++;
            return n;
        }
    }
}
