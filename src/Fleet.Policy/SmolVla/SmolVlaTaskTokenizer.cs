using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tokenizers;

namespace Fleet.Policy.SmolVla;

/// <summary>
/// LeRobot's SmolVLA language pre-processing: the newline step (appends <c>"\n"</c> to a task that does not end with
/// one), then the tokenizer step (special tokens as the tokenizer.json post-processor adds them, truncation to
/// <c>tokenizer_max_length</c>, right padding to that length for <c>max_length</c> or to the batch's longest for
/// <c>longest</c>; the padding is masked and changes no action). Immutable and thread-safe.
/// </summary>
public sealed class SmolVlaTaskTokenizer
{
    private readonly BpeTokenizer _tokenizer;
    private readonly int _maxLength;
    private readonly bool _padToMax;

    /// <summary>Wraps a loaded tokenizer with the config's length and padding.</summary>
    public SmolVlaTaskTokenizer(BpeTokenizer tokenizer, SmolVlaConfig config)
    {
        _tokenizer = tokenizer;
        _maxLength = config.TokenizerMaxLength;
        _padToMax = config.PadLanguageTo == "max_length";
    }

    /// <summary>Locates (see <see cref="TokenizerLocator"/>) and loads the tokenizer of a checkpoint.</summary>
    /// <exception cref="CheckpointException">No tokenizer.json found (the message lists the paths tried), or it cannot be read.</exception>
    public static SmolVlaTaskTokenizer Load(string checkpointDirectory, SmolVlaConfig config)
    {
        string path = TokenizerLocator.Find(checkpointDirectory, config.VlmModelName);
        try
        {
            return new SmolVlaTaskTokenizer(BpeTokenizer.Load(path), config);
        }
        catch (TokenizerException e)
        {
            throw new CheckpointException($"{path}: cannot be used as the SmolVLA tokenizer: {e.Message}");
        }
    }

    /// <summary>The task as LeRobot's newline step leaves it.</summary>
    public static string WithNewline(string task) => task.EndsWith('\n') ? task : task + "\n";

    /// <summary>Tokenizes one task per observation.</summary>
    public LanguageTokens Tokenize(IReadOnlyList<string> tasks)
    {
        // Padding is added here, masked, rather than by the tokenizer: it never reaches the model, so a tokenizer
        // without a pad token works too.
        var encoded = tasks.Select(t => _tokenizer.Encode(WithNewline(t), _maxLength)).ToList();
        int length = _padToMax ? _maxLength : encoded.Max(e => e.Ids.Length);
        int pad = _tokenizer.PadTokenId ?? 0;
        var ids = new int[tasks.Count * length];
        var mask = new bool[tasks.Count * length];
        for (int b = 0; b < encoded.Count; b++)
        {
            Array.Fill(ids, pad, b * length, length);
            encoded[b].Ids.CopyTo(ids, b * length);
            encoded[b].AttentionMask.CopyTo(mask, b * length);
        }
        return new LanguageTokens(tasks.Count, length, ids, mask);
    }
}
