using System.CommandLine;

namespace Fleet.Node.Cli;

/// <summary>
/// Tab completion for <c>fleet shell</c>: walks the command tree along the words typed so far and offers the
/// subcommands and options of the command reached (plus, where a command takes an arm id, the node's arm ids).
/// </summary>
/// <param name="palettes">The commands the shell runs (its top level), e.g. arm, actor, log.</param>
/// <param name="builtins">Words the shell itself understands at the top level (help, exit).</param>
internal sealed class ShellCompleter(IReadOnlyList<Command> palettes, IReadOnlyList<string> builtins)
{
    /// <summary>Arm ids offered where an arm id is expected; refreshed by the shell from the node.</summary>
    public IReadOnlyList<string> ArmIds { get; set; } = [];

    /// <summary>The candidates completing the last word of <paramref name="line"/> (empty word after a trailing space), sorted.</summary>
    public IReadOnlyList<string> Complete(string line)
    {
        var words = ShellWords.Split(line);
        var partial = line.Length == 0 || char.IsWhiteSpace(line[^1]) ? "" : words[^1];
        var done = partial.Length == 0 ? words : words.Take(words.Count - 1).ToList();
        IEnumerable<string> candidates;
        if (done.Count == 0)
            candidates = palettes.Select(p => p.Name).Concat(builtins);
        else
        {
            var command = palettes.FirstOrDefault(p => p.Name == done[0]);
            if (command is null) return [];
            foreach (var word in done.Skip(1))
                command = command.Subcommands.FirstOrDefault(c => c.Name == word) ?? command;
            candidates = command.Subcommands.Select(c => c.Name)
                .Concat(command.Options.Concat(Recursive(command)).Select(o => o.Name))
                .Concat(command.Arguments.Any(a => a.Name == "ID") ? ArmIds : []);
        }
        return candidates.Where(c => c.StartsWith(partial, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The longest common prefix of <paramref name="candidates"/>.</summary>
    public static string CommonPrefix(IReadOnlyList<string> candidates)
    {
        if (candidates.Count == 0) return "";
        var prefix = candidates[0];
        foreach (var c in candidates.Skip(1))
        {
            int i = 0;
            while (i < prefix.Length && i < c.Length && prefix[i] == c[i]) i++;
            prefix = prefix[..i];
        }
        return prefix;
    }

    // Options marked recursive on a palette apply to the subcommands below it.
    private IEnumerable<Option> Recursive(Command command) =>
        palettes.Where(p => p != command && Contains(p, command)).SelectMany(p => p.Options.Where(o => o.Recursive));

    private static bool Contains(Command parent, Command target) =>
        parent.Subcommands.Any(c => c == target || Contains(c, target));
}

/// <summary>Splits a shell line into words: whitespace separates, double or single quotes group.</summary>
internal static class ShellWords
{
    public static IReadOnlyList<string> Split(string line)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        char? quote = null;
        bool inWord = false;
        foreach (var c in line)
        {
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else current.Append(c);
            }
            else if (c is '"' or '\'') { quote = c; inWord = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else { current.Append(c); inWord = true; }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
