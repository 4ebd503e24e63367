using System.Text.RegularExpressions;

namespace Fleet.Dataset.Hub;

/// <summary>
/// A Hub repository id <c>namespace/name</c> (user or organization, then the repository name). Both parts
/// use letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, do not start or end with <c>-</c> or <c>.</c>,
/// and the name is at most 96 characters, as the Hub validates them.
/// </summary>
public sealed partial record RepoId(string Namespace, string Name)
{
    /// <summary>Parses <c>user/name</c>; throws <see cref="ArgumentException"/> whose message says what is wrong and how to write it.</summary>
    public static RepoId Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !Part().IsMatch(parts[0]) || !Part().IsMatch(parts[1]) || parts[1].Length > 96)
            throw new ArgumentException(
                $"'{text}' is not a Hub repository id. Write it as user/name (or org/name): letters, digits, '-', '_' and '.', " +
                "no leading or trailing '-' or '.', name up to 96 characters.");
        return new RepoId(parts[0], parts[1]);
    }

    /// <summary>The id as the Hub writes it, <c>namespace/name</c>.</summary>
    public override string ToString() => $"{Namespace}/{Name}";

    [GeneratedRegex(@"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?$")]
    private static partial Regex Part();
}
