using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.Tokenizers;

/// <summary>
/// An independent implementation of tokenizer.json to compare against: tokenizers.js (npm @huggingface/tokenizers,
/// pinned in tests/tools/tokenizer), run by node through tests/tools/tokenizer/encode.mjs.
/// </summary>
public static class TokenizersJsReference
{
    public static string ToolsDir => Path.Combine(RepoPaths.Root, "tests", "tools", "tokenizer");

    /// <summary>Why the reference cannot run here, or null when it can.</summary>
    public static string? UnavailableReason()
    {
        if (!Directory.Exists(Path.Combine(ToolsDir, "node_modules", "@huggingface", "tokenizers")))
            return "tokenizers.js is not installed; run scripts/setup-tokenizer.sh (npm ci in tests/tools/tokenizer).";
        try
        {
            var (code, _, err) = PythonReference.RunProcess("node", ["--version"], TimeSpan.FromSeconds(30));
            return code == 0 ? null : $"node does not run ({err.Trim()}); run scripts/setup-tokenizer.sh.";
        }
        catch (Exception e)
        {
            return $"node failed to start: {e.Message}";
        }
    }

    /// <summary>The ids tokenizers.js gives each text, and its decoding of each id list in <paramref name="decode"/>.</summary>
    public static (int[][] Ids, string[] Decoded) Run(string tokenizerPath, IReadOnlyList<string> texts, bool addSpecialTokens = true,
        IReadOnlyList<int[]>? decode = null)
    {
        string config = Path.Combine(Path.GetDirectoryName(tokenizerPath)!, "tokenizer_config.json");
        var request = new JsonObject
        {
            ["tokenizer"] = tokenizerPath,
            ["config"] = File.Exists(config) ? config : null,
            ["texts"] = new JsonArray(texts.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
            ["add_special_tokens"] = addSpecialTokens,
            ["decode"] = new JsonArray((decode ?? []).Select(d => (JsonNode)new JsonArray(d.Select(i => (JsonNode)JsonValue.Create(i)).ToArray())).ToArray()),
        };
        string requestPath = tokenizerPath + ".request.json";
        File.WriteAllText(requestPath, request.ToJsonString());
        var (code, output, error) = RunWithStdin(requestPath);
        if (code != 0) throw new InvalidOperationException($"encode.mjs exited with {code}:\n{error}");
        using var doc = JsonDocument.Parse(output);
        var ids = doc.RootElement.GetProperty("ids").EnumerateArray().Select(a => a.EnumerateArray().Select(i => i.GetInt32()).ToArray()).ToArray();
        var decoded = doc.RootElement.GetProperty("decoded").EnumerateArray().Select(s => s.GetString()!).ToArray();
        return (ids, decoded);
    }

    private static (int Code, string Output, string Error) RunWithStdin(string requestPath) =>
        PythonReference.RunProcess("sh", ["-c", $"node \"{Path.Combine(ToolsDir, "encode.mjs")}\" < \"{requestPath}\""], TimeSpan.FromMinutes(2));
}

/// <summary>A fact skipped, with the reason shown, when tokenizers.js cannot run.</summary>
public sealed class TokenizersJsFactAttribute : FactAttribute
{
    public TokenizersJsFactAttribute()
    {
        if (TokenizersJsReference.UnavailableReason() is { } reason) Skip = reason;
    }
}
