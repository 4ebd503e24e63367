using Fleet.Policy.Checkpoints;

namespace Fleet.Policy.SmolVla;

/// <summary>
/// Finds the <c>tokenizer.json</c> a SmolVLA checkpoint needs, in this order: <c>&lt;checkpoint&gt;/tokenizer/tokenizer.json</c>
/// (newer LeRobot saves it there), <c>&lt;checkpoint&gt;/tokenizer.json</c>, then every snapshot of the backbone repository
/// (<c>vlm_model_name</c>) in the Hugging Face hub cache: <c>$HF_HUB_CACHE</c>, <c>$HF_HOME/hub</c>,
/// <c>~/.cache/huggingface/hub</c>, each as <c>models--&lt;org&gt;--&lt;name&gt;/snapshots/*/tokenizer.json</c>.
/// </summary>
public static class TokenizerLocator
{
    /// <summary>The first existing candidate, or null; <paramref name="tried"/> lists every path looked at, in order.</summary>
    public static string? TryFind(string checkpointDirectory, string vlmModelName, out IReadOnlyList<string> tried)
    {
        var paths = new List<string>
        {
            Path.Combine(checkpointDirectory, "tokenizer", "tokenizer.json"),
            Path.Combine(checkpointDirectory, "tokenizer.json"),
        };
        string repoFolder = "models--" + vlmModelName.Replace("/", "--");
        foreach (string hub in HubCaches())
        {
            string snapshots = Path.Combine(hub, repoFolder, "snapshots");
            var found = Directory.Exists(snapshots)
                ? Directory.GetDirectories(snapshots).Order(StringComparer.Ordinal).Select(d => Path.Combine(d, "tokenizer.json")).ToList()
                : [];
            paths.AddRange(found.Count > 0 ? found : [Path.Combine(snapshots, "*", "tokenizer.json")]);
        }
        tried = paths;
        return paths.FirstOrDefault(p => !p.Contains('*') && File.Exists(p));
    }

    /// <summary>The tokenizer path.</summary>
    /// <exception cref="CheckpointException">None found; the message lists the paths tried and how to download it.</exception>
    public static string Find(string checkpointDirectory, string vlmModelName) =>
        TryFind(checkpointDirectory, vlmModelName, out var tried)
        ?? throw new CheckpointException(
            $"{checkpointDirectory}: no tokenizer.json for '{vlmModelName}'. Looked at: {string.Join(", ", tried)}. " +
            $"Download it with `huggingface-cli download {vlmModelName} tokenizer.json` (or copy it to {Path.Combine(checkpointDirectory, "tokenizer", "tokenizer.json")}), " +
            "or pass observation.language.tokens/attention_mask instead of task text.");

    private static IEnumerable<string> HubCaches()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? hubCache = Environment.GetEnvironmentVariable("HF_HUB_CACHE");
        string? home = Environment.GetEnvironmentVariable("HF_HOME");
        string user = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        foreach (string? candidate in new[]
                 {
                     hubCache,
                     string.IsNullOrEmpty(home) ? null : Path.Combine(home, "hub"),
                     string.IsNullOrEmpty(user) ? null : Path.Combine(user, ".cache", "huggingface", "hub"),
                 })
            if (!string.IsNullOrEmpty(candidate) && seen.Add(candidate))
                yield return candidate;
    }
}
