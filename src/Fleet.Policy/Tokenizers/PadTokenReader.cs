using System.Text.Json;
using Fleet.Policy.Tokenizers.Models;

namespace Fleet.Policy.Tokenizers;

/// <summary>
/// INTERNAL API. Finds the pad token the way the transformers library does: <c>pad_token</c> of the
/// <c>tokenizer_config.json</c> beside the tokenizer.json wins, else tokenizer.json's own <c>padding.pad_id</c>.
/// SmolVLM2's config names <c>&lt;|im_end|&gt;</c>.
/// </summary>
internal static class PadTokenReader
{
    public static int? Read(string tokenizerPath, JsonField root, BpeModel model, IReadOnlyList<AddedToken> added)
    {
        string configPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(tokenizerPath))!, "tokenizer_config.json");
        if (File.Exists(configPath))
        {
            using var config = TokenizerJsonReader.Parse(configPath);
            var configRoot = new JsonField(configPath, "", config.RootElement);
            if (configRoot.Element.ValueKind == JsonValueKind.Object && configRoot.Find("pad_token") is { } pad)
            {
                string content = pad.Element.ValueKind == JsonValueKind.Object ? pad.Get("content").GetString() : pad.GetString();
                return TokenizerJsonReader.IdOf(content, model, added)
                    ?? throw pad.Error($"= \"{content}\" is neither an added token nor in the vocabulary of {tokenizerPath}");
            }
        }
        return root.Find("padding") is { } padding && padding.Find("pad_id") is { } id ? id.GetInt() : null;
    }
}
