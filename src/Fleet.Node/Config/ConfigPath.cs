using System.Text;

namespace Fleet.Node.Config;

/// <summary>
/// Path expressions: a <em>key</em> is one element of an object; a <em>path</em> is a dotted sequence of
/// keys such as <c>fleet.admin.port</c>. Dots inside quoted strings do not split.
/// </summary>
public static class ConfigPath
{
    /// <summary>
    /// Parses a path expression such as <c>a.b."c.d"</c> into its keys.
    /// </summary>
    /// <exception cref="ConfigException.BadValue">The expression is empty or has an empty unquoted element (<c>a..b</c>).</exception>
    public static IReadOnlyList<string> Parse(string expression)
    {
        var tokens = new Tokenizer(expression, "path expression").ReadAll();
        var pieces = tokens.Where(t => t.Kind is TokenKind.Unquoted or TokenKind.Quoted or TokenKind.Whitespace).ToList();
        if (tokens.Any(t => t.Kind is not (TokenKind.Unquoted or TokenKind.Quoted or TokenKind.Whitespace or TokenKind.End)))
            throw new ConfigException.BadValue(null, expression, "a path may only hold keys separated by dots");
        var path = FromPieces(pieces, out var problem);
        return problem is null ? path : throw new ConfigException.BadValue(null, expression, problem);
    }

    /// <summary>
    /// INTERNAL API. Builds a path from key tokens (unquoted, quoted and whitespace). Leading and trailing
    /// whitespace is dropped, inner whitespace is kept, and dots split only unquoted text.
    /// </summary>
    internal static IReadOnlyList<string> FromPieces(IReadOnlyList<Token> pieces, out string? problem)
    {
        problem = null;
        int first = 0, last = pieces.Count - 1;
        while (first <= last && pieces[first].Kind == TokenKind.Whitespace) first++;
        while (last >= first && pieces[last].Kind == TokenKind.Whitespace) last--;
        if (first > last)
        {
            problem = "expected a key (a path expression) but found nothing";
            return [];
        }
        var elements = new List<string>();
        var current = new StringBuilder();
        var currentQuoted = false;
        for (var i = first; i <= last; i++)
        {
            var piece = pieces[i];
            if (piece.Kind != TokenKind.Unquoted)
            {
                current.Append(piece.Text);
                currentQuoted |= piece.Kind == TokenKind.Quoted;
                continue;
            }
            var parts = piece.Text.Split('.');
            for (var p = 0; p < parts.Length; p++)
            {
                if (p > 0)
                {
                    if (current.Length == 0 && !currentQuoted) problem = $"path element is empty in '{Render(pieces)}'; quote it (\"\") if you mean an empty key";
                    elements.Add(current.ToString());
                    current.Clear();
                    currentQuoted = false;
                }
                current.Append(parts[p]);
            }
        }
        if (current.Length == 0 && !currentQuoted) problem = $"path element is empty in '{Render(pieces)}'; quote it (\"\") if you mean an empty key";
        elements.Add(current.ToString());
        return elements;
    }

    /// <summary>Renders a path, quoting keys that would not read back as a single unquoted key.</summary>
    public static string Render(IEnumerable<string> path) => string.Join('.', path.Select(RenderKey));

    /// <summary>Renders one key, quoted when it holds characters that are special in HOCON, is empty, or is <c>include</c>.</summary>
    public static string RenderKey(string key)
    {
        // `include` at the start of a key would read back as an include statement.
        var plain = key.Length > 0 && key.All(c => char.IsLetterOrDigit(c) || c is '-' or '_') && !key.StartsWith('-') && key != "include";
        return plain ? key : JsonQuote(key);
    }

    /// <summary>INTERNAL API. Quotes a string with JSON escapes.</summary>
    internal static string JsonQuote(string s) => Fleet.Messages.Text.JsonStringQuoting.Quote(s);

    private static string Render(IReadOnlyList<Token> pieces) => string.Concat(pieces.Select(p => p.Kind == TokenKind.Quoted ? JsonQuote(p.Text) : p.Text));
}
