namespace Fleet.Policy.Tokenizers;

/// <summary>
/// An entry of tokenizer.json's <c>added_tokens</c>: a string that is cut out of the text whole, before
/// normalization and pre-tokenization, and becomes <see cref="Id"/>.
/// </summary>
/// <param name="Id">The token id.</param>
/// <param name="Content">The exact text that is matched.</param>
/// <param name="Special">A control token (<c>&lt;|im_end|&gt;</c>): skipped by <see cref="BpeTokenizer.Decode"/> when asked to.</param>
/// <param name="SingleWord">Matches only when no word character (letter, mark, digit, connector) touches it on either side.</param>
/// <param name="LStrip">Whitespace before a match is swallowed by the token.</param>
/// <param name="RStrip">Whitespace after a match is swallowed by the token.</param>
/// <param name="Normalized">Matched in the normalized text rather than the raw text.</param>
public sealed record AddedToken(int Id, string Content, bool Special, bool SingleWord, bool LStrip, bool RStrip, bool Normalized);
