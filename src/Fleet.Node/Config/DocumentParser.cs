using System.Text;

namespace Fleet.Node.Config;

/// <summary>
/// INTERNAL API. Second stage: tokens → syntax tree. Checks the grammar (separators, commas, brackets,
/// includes) and raises every problem as <see cref="ConfigException.Parse"/> with file:line:column and
/// what was expected there.
/// </summary>
internal sealed class DocumentParser
{
    // Deeper nesting than this is certainly a mistake, and recursing further could overflow the stack.
    private const int MaxDepth = 512;

    private readonly List<Token> _tokens;
    private int _pos;
    private int _depth;

    private DocumentParser(List<Token> tokens) => _tokens = tokens;

    /// <summary>Parses a whole document; the root must be an object, with or without braces.</summary>
    public static SyntaxObject Parse(string text, string source)
    {
        var parser = new DocumentParser(new Tokenizer(text, source).ReadAll());
        return parser.ParseRoot();
    }

    private Token Peek => _tokens[_pos];

    private Token Take()
    {
        var token = _tokens[_pos];
        if (token.Kind == TokenKind.Problem) throw new ConfigException.Parse(token.Origin, token.Text);
        if (token.Kind != TokenKind.End) _pos++;
        return token;
    }

    private static ConfigException.Parse Error(Token at, string expected) =>
        at.Kind == TokenKind.Problem
            ? new ConfigException.Parse(at.Origin, at.Text)
            : new ConfigException.Parse(at.Origin, $"expected {expected} but found {at.Describe()}");

    private void SkipWhitespace(bool newlinesToo)
    {
        while (Peek.Kind == TokenKind.Whitespace || (newlinesToo && Peek.Kind == TokenKind.Newline)) _pos++;
    }

    private SyntaxObject ParseRoot()
    {
        SkipWhitespace(newlinesToo: true);
        var start = Peek;
        if (start.Kind == TokenKind.OpenSquare)
            throw new ConfigException.Parse(start.Origin, "expected an object at the root of a config file but found an array");
        if (start.Kind == TokenKind.OpenCurly)
        {
            var root = ParseObject();
            SkipWhitespace(newlinesToo: true);
            if (Peek.Kind != TokenKind.End) throw Error(Peek, "end of file after the closing '}' of the root object");
            return root;
        }
        return ParseEntries(TokenKind.End, start.Origin);
    }

    private SyntaxObject ParseObject()
    {
        var open = Enter();
        var obj = ParseEntries(TokenKind.CloseCurly, open.Origin);
        Take(); // '}'
        _depth--;
        return obj;
    }

    // Consumes an opening bracket, refusing absurd nesting.
    private Token Enter()
    {
        var open = Take();
        if (++_depth > MaxDepth)
            throw new ConfigException.Parse(open.Origin, $"objects and arrays are nested more than {MaxDepth} deep; this is not a sensible config");
        return open;
    }

    // Parses fields until `closing` (not consumed), enforcing HOCON's comma rules.
    private SyntaxObject ParseEntries(TokenKind closing, ConfigOrigin origin)
    {
        var entries = new List<SyntaxEntry>();
        while (true)
        {
            SkipWhitespace(newlinesToo: true);
            if (Peek.Kind == closing) return new SyntaxObject(entries, origin);
            if (Peek.Kind == TokenKind.End) throw Error(Peek, "'}' to close the object opened at " + origin);
            entries.Add(ParseEntry());
            ExpectSeparator(closing, "the field", closing == TokenKind.End ? "" : "'}'", "object", origin);
        }
    }

    // After a field or element: a comma, a newline (optionally followed by one comma), or the closing token.
    private void ExpectSeparator(TokenKind closing, string item, string closeText, string container, ConfigOrigin opened)
    {
        SkipWhitespace(newlinesToo: false);
        var sawNewline = Peek.Kind == TokenKind.Newline;
        SkipWhitespace(newlinesToo: true);
        var after = Peek;
        if (after.Kind == closing) return;
        if (after.Kind == TokenKind.End) throw Error(after, $"{closeText} to close the {container} opened at {opened}");
        if (after.Kind == TokenKind.Comma)
        {
            Take();
            SkipWhitespace(newlinesToo: true);
            if (Peek.Kind == TokenKind.Comma) throw Error(Peek, $"{(container == "array" ? "an array element" : "a field")} after ',' (two commas in a row are not allowed)");
            return;
        }
        if (!sawNewline)
            throw Error(after, closeText.Length == 0 ? $"',' or a new line after {item}" : $"',', a new line or {closeText} after {item}");
    }

    private SyntaxEntry ParseEntry()
    {
        var first = Peek;
        if (first.Kind == TokenKind.Unquoted && first.Text == "include") return ParseInclude();
        var keyStart = first;
        var pieces = new List<Token>();
        while (Peek.Kind is TokenKind.Unquoted or TokenKind.Quoted or TokenKind.Whitespace) pieces.Add(Take());
        if (pieces.Count == 0) throw Error(Peek, "a key");
        var path = ConfigPath.FromPieces(pieces, out var problem);
        if (problem is not null) throw new ConfigException.Parse(keyStart.Origin, problem);
        SkipWhitespace(newlinesToo: true);
        var separator = Peek;
        var append = false;
        switch (separator.Kind)
        {
            case TokenKind.Colon or TokenKind.Equals:
                Take();
                break;
            case TokenKind.PlusEquals:
                Take();
                append = true;
                break;
            case TokenKind.OpenCurly:
                break;
            default:
                throw Error(separator, $"':', '=', '+=' or '{{' after the key '{ConfigPath.Render(path)}'");
        }
        SkipWhitespace(newlinesToo: true);
        var value = ParseValue($"a value for the key '{ConfigPath.Render(path)}'");
        return new SyntaxField(path, append, value, keyStart.Origin);
    }

    // A value concatenation: parts up to a newline, comma or closing bracket.
    private SyntaxValue ParseValue(string expected)
    {
        var parts = new List<SyntaxPart>();
        var start = Peek;
        while (true)
        {
            var token = Peek;
            switch (token.Kind)
            {
                case TokenKind.Whitespace: parts.Add(new SyntaxWhitespace(Take().Text, token.Origin)); continue;
                case TokenKind.Unquoted: parts.Add(new SyntaxText(Take().Text, false, token.Origin)); continue;
                case TokenKind.Quoted: parts.Add(new SyntaxText(Take().Text, true, token.Origin)); continue;
                case TokenKind.Substitution: Take(); parts.Add(new SyntaxSubstitution(token.Path, token.Optional, token.Origin)); continue;
                case TokenKind.OpenCurly: parts.Add(ParseObject()); continue;
                case TokenKind.OpenSquare: parts.Add(ParseArray()); continue;
                case TokenKind.Problem: throw Error(token, expected);
                case TokenKind.Colon or TokenKind.Equals or TokenKind.PlusEquals:
                    throw Error(token, $"{expected} (put text holding '{token.Text}' in double quotes)");
            }
            break;
        }
        while (parts.Count > 0 && parts[^1] is SyntaxWhitespace) parts.RemoveAt(parts.Count - 1);
        if (parts.Count == 0) throw Error(Peek, expected);
        return new SyntaxValue(parts, start.Origin);
    }

    private SyntaxArray ParseArray()
    {
        var open = Enter();
        var elements = new List<SyntaxValue>();
        while (true)
        {
            SkipWhitespace(newlinesToo: true);
            if (Peek.Kind == TokenKind.CloseSquare)
            {
                Take();
                _depth--;
                return new SyntaxArray(elements, open.Origin);
            }
            if (Peek.Kind == TokenKind.End) throw Error(Peek, "']' to close the array opened at " + open.Origin);
            elements.Add(ParseValue("an array element or ']'"));
            ExpectSeparator(TokenKind.CloseSquare, "the array element", "']'", "array", open.Origin);
        }
    }

    // include "x" | include file("x") | include required(file("x")) ...; '(' and ')' arrive inside unquoted text.
    private SyntaxInclude ParseInclude()
    {
        var keyword = Take();
        SkipWhitespace(newlinesToo: true);
        var prefix = new StringBuilder();
        while (Peek.Kind is TokenKind.Unquoted or TokenKind.Whitespace) prefix.Append(Take().Text.Trim());
        if (Peek.Kind != TokenKind.Quoted)
            throw Error(Peek, "a quoted file name after 'include' (include \"file.conf\", include file(\"…\") or include required(\"…\"))");
        var name = Take().Text;
        var suffix = new StringBuilder();
        while (Peek.Kind is TokenKind.Unquoted or TokenKind.Whitespace) suffix.Append(Take().Text.Trim());
        var wrappers = prefix.ToString();
        var required = wrappers.StartsWith("required(", StringComparison.Ordinal);
        var inner = required ? wrappers["required(".Length..] : wrappers;
        var kind = inner switch
        {
            "" => IncludeKind.Heuristic,
            "file(" => IncludeKind.File,
            "url(" => IncludeKind.Url,
            "classpath(" => IncludeKind.Classpath,
            _ => throw new ConfigException.Parse(keyword.Origin, $"expected include \"…\", file(\"…\"), url(\"…\"), classpath(\"…\") or required(…) but found '{wrappers}'"),
        };
        var expectedSuffix = new string(')', wrappers.Count(c => c == '('));
        if (suffix.ToString() != expectedSuffix)
            throw new ConfigException.Parse(keyword.Origin, $"expected '{expectedSuffix}' after the include's file name but found '{suffix}'");
        return new SyntaxInclude(name, kind, required, keyword.Origin);
    }
}
