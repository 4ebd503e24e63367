using System.Globalization;
using System.Text;

namespace Fleet.Node.Config;

/// <summary>
/// INTERNAL API. Reads a Java <c>.properties</c> file into the same syntax tree a HOCON file gives, as
/// the HOCON spec maps it: each key splits on <c>.</c> into a path, every value is a string, and when a
/// path is both a value and an object (<c>a=1</c>, <c>a.b=2</c>) the object wins.
/// </summary>
internal static class PropertiesParser
{
    public static SyntaxObject Parse(string text, string source)
    {
        var fields = new List<SyntaxField>();
        foreach (var (line, number) in LogicalLines(text))
        {
            var (key, value) = SplitKeyValue(line, source, number);
            if (key.Length == 0) continue;
            var origin = new ConfigOrigin(source, number, 1);
            var path = key.Split('.');
            if (path.Any(p => p.Length == 0))
                throw new ConfigException.Parse(origin, $"expected a key without empty parts but found '{key}'");
            fields.Add(new SyntaxField(path, false, new SyntaxValue([new SyntaxText(value, true, origin)], origin), origin));
        }
        // The object wins: drop values whose path is the parent of another key.
        var parents = fields.SelectMany(f => Enumerable.Range(1, f.Path.Count - 1).Select(n => string.Join('\0', f.Path.Take(n)))).ToHashSet();
        var kept = fields.Where(f => !parents.Contains(string.Join('\0', f.Path))).ToList();
        return new SyntaxObject(kept, new ConfigOrigin(source, 1, 1));
    }

    // Joins continuation lines (an odd number of trailing backslashes) and skips blanks and comments.
    private static IEnumerable<(string Line, int Number)> LogicalLines(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i;
            var line = lines[i].TrimStart(' ', '\t', '\f');
            if (line.Length == 0 || line[0] is '#' or '!') continue;
            var sb = new StringBuilder();
            while (EndsWithContinuation(line) && i + 1 < lines.Length)
            {
                sb.Append(line, 0, line.Length - 1);
                line = lines[++i].TrimStart(' ', '\t', '\f');
            }
            sb.Append(EndsWithContinuation(line) ? line[..^1] : line);
            yield return (sb.ToString(), start + 1);
        }
    }

    private static bool EndsWithContinuation(string line)
    {
        var count = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--) count++;
        return count % 2 == 1;
    }

    private static (string Key, string Value) SplitKeyValue(string line, string source, int number)
    {
        var i = 0;
        var key = new StringBuilder();
        while (i < line.Length && line[i] is not ('=' or ':' or ' ' or '\t' or '\f'))
            i = ReadChar(line, i, key, source, number);
        while (i < line.Length && line[i] is ' ' or '\t' or '\f') i++;
        if (i < line.Length && line[i] is '=' or ':') i++;
        while (i < line.Length && line[i] is ' ' or '\t' or '\f') i++;
        var value = new StringBuilder();
        while (i < line.Length) i = ReadChar(line, i, value, source, number);
        return (key.ToString(), value.ToString());
    }

    // Appends one (possibly escaped) character and returns the next index.
    private static int ReadChar(string line, int i, StringBuilder into, string source, int number)
    {
        if (line[i] != '\\' || i + 1 >= line.Length)
        {
            into.Append(line[i]);
            return i + 1;
        }
        var e = line[i + 1];
        switch (e)
        {
            case 't': into.Append('\t'); return i + 2;
            case 'n': into.Append('\n'); return i + 2;
            case 'r': into.Append('\r'); return i + 2;
            case 'f': into.Append('\f'); return i + 2;
            case 'u':
                if (i + 6 <= line.Length && ushort.TryParse(line.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    into.Append((char)code);
                    return i + 6;
                }
                throw new ConfigException.Parse(new ConfigOrigin(source, number, i + 1), "expected four hex digits after \\u");
            default: into.Append(e); return i + 2;
        }
    }
}
