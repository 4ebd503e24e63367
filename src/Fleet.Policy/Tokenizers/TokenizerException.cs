namespace Fleet.Policy.Tokenizers;

/// <summary>
/// A tokenizer file that cannot be used, or text that the loaded tokenizer cannot encode. The message starts with the
/// file name and, for a bad or unsupported component, the JSON path of the offending value
/// (<c>tokenizer.json: pre_tokenizer.pretokenizers[1].type = "Metaspace" is not supported</c>), so a person can see
/// what to fix or which tokenizer family Fleet does not handle.
/// </summary>
public sealed class TokenizerException(string message) : Exception(message);
