using System.Globalization;
using System.Text;

namespace Fleet.Node.Config;

/// <summary>
/// INTERNAL API. Turns HOCON text into tokens, each with its line and column. Comments are dropped (the
/// newline that ends them is kept). Lexical errors do not throw here: they become
/// <see cref="TokenKind.Problem"/> tokens that the parser raises with their position.
/// </summary>
internal sealed class Tokenizer
{
    // Characters that end unquoted text; the spec reserves several of them for future use.
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _source;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public Tokenizer(string text, string source)
    {
        _text = text;
        _source = source;
    }

    /// <summary>Reads every token; the last one is always <see cref="TokenKind.End"/>.</summary>
    public List<Token> ReadAll()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var token = Next();
            if (token is null) continue;
            tokens.Add(token);
            if (token.Kind is TokenKind.End or TokenKind.Problem) break;
        }
        if (tokens[^1].Kind == TokenKind.Problem) tokens.Add(new Token(TokenKind.End, "", Here()));
        return tokens;
    }

    public static bool IsWhitespace(char c) =>
        c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r' or '\uFEFF' or (>= '\u001C' and <= '\u001F')
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private ConfigOrigin Here() => new(_source, _line, _pos - _lineStart + 1);

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private bool AtEnd => _pos >= _text.Length;

    // Returns null for input that produces no token (comments).
    private Token? Next()
    {
        if (AtEnd) return new Token(TokenKind.End, "", Here());
        var origin = Here();
        var c = Peek();
        if (c == '\n')
        {
            _pos++;
            _line++;
            _lineStart = _pos;
            return new Token(TokenKind.Newline, "\n", origin);
        }
        if (IsWhitespace(c)) return PullWhitespace(origin);
        if (c == '#' || (c == '/' && Peek(1) == '/'))
        {
            while (!AtEnd && Peek() != '\n') _pos++;
            return null;
        }
        switch (c)
        {
            case '{': _pos++; return new Token(TokenKind.OpenCurly, "{", origin);
            case '}': _pos++; return new Token(TokenKind.CloseCurly, "}", origin);
            case '[': _pos++; return new Token(TokenKind.OpenSquare, "[", origin);
            case ']': _pos++; return new Token(TokenKind.CloseSquare, "]", origin);
            case ',': _pos++; return new Token(TokenKind.Comma, ",", origin);
            case ':': _pos++; return new Token(TokenKind.Colon, ":", origin);
            case '=': _pos++; return new Token(TokenKind.Equals, "=", origin);
            case '"': return Peek(1) == '"' && Peek(2) == '"' ? PullTripleQuoted(origin) : PullQuoted(origin);
            case '$': return PullSubstitution(origin);
            case '+' when Peek(1) == '=':
                _pos += 2;
                return new Token(TokenKind.PlusEquals, "+=", origin);
        }
        if (Forbidden.Contains(c))
            return Problem(origin, $"the character '{c}' is reserved in HOCON and cannot start a value; put the text in double quotes");
        return PullUnquoted(origin);
    }

    private static Token Problem(ConfigOrigin origin, string message) => new(TokenKind.Problem, message, origin);

    private Token PullWhitespace(ConfigOrigin origin)
    {
        var start = _pos;
        while (!AtEnd && Peek() != '\n' && IsWhitespace(Peek())) _pos++;
        return new Token(TokenKind.Whitespace, _text[start.._pos], origin);
    }

    private Token PullUnquoted(ConfigOrigin origin)
    {
        var start = _pos;
        while (!AtEnd)
        {
            var c = Peek();
            if (IsWhitespace(c) || Forbidden.Contains(c) || (c == '/' && Peek(1) == '/')) break;
            _pos++;
        }
        return new Token(TokenKind.Unquoted, _text[start.._pos], origin);
    }

    private Token PullQuoted(ConfigOrigin origin)
    {
        _pos++; // opening quote
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd) return Problem(origin, "expected a closing '\"' for this string but found end of file");
            var c = Peek();
            if (c == '"')
            {
                _pos++;
                return new Token(TokenKind.Quoted, sb.ToString(), origin);
            }
            if (c == '\n') return Problem(Here(), "expected a closing '\"' before the end of the line; use \\n or a \"\"\"triple-quoted\"\"\" string for several lines");
            if (c < 0x20) return Problem(Here(), $"control character U+{(int)c:X4} is not allowed in a quoted string; escape it");
            if (c == '\\')
            {
                var problem = PullEscape(sb);
                if (problem is not null) return problem;
                continue;
            }
            sb.Append(c);
            _pos++;
        }
    }

    private Token? PullEscape(StringBuilder sb)
    {
        var origin = Here();
        _pos++; // backslash
        var e = Peek();
        _pos++;
        switch (e)
        {
            case '"': sb.Append('"'); return null;
            case '\\': sb.Append('\\'); return null;
            case '/': sb.Append('/'); return null;
            case 'b': sb.Append('\b'); return null;
            case 'f': sb.Append('\f'); return null;
            case 'n': sb.Append('\n'); return null;
            case 'r': sb.Append('\r'); return null;
            case 't': sb.Append('\t'); return null;
            case 'u':
                if (_pos + 4 <= _text.Length && ushort.TryParse(_text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    sb.Append((char)code);
                    _pos += 4;
                    return null;
                }
                return Problem(origin, "expected four hex digits after \\u");
            default:
                return Problem(origin, $"expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) but found '\\{(e == '\0' ? "" : e.ToString())}'");
        }
    }

    private Token PullTripleQuoted(ConfigOrigin origin)
    {
        _pos += 3;
        var start = _pos;
        while (!AtEnd)
        {
            if (Peek() == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                // A run of more than three quotes ends the string; the extra quotes belong to it.
                var runEnd = _pos;
                while (runEnd < _text.Length && _text[runEnd] == '"') runEnd++;
                var content = _text[start..(runEnd - 3)];
                _pos = runEnd;
                return new Token(TokenKind.Quoted, content, origin);
            }
            if (Peek() == '\n')
            {
                _line++;
                _lineStart = _pos + 1;
            }
            _pos++;
        }
        return Problem(origin, "expected a closing \"\"\" for this triple-quoted string but found end of file");
    }

    private Token PullSubstitution(ConfigOrigin origin)
    {
        if (Peek(1) != '{') return Problem(origin, "expected '{' after '$' (a substitution is written ${path}); quote the text if you mean a literal '$'");
        _pos += 2;
        var optional = false;
        if (Peek() == '?')
        {
            optional = true;
            _pos++;
        }
        var pieces = new List<Token>();
        while (true)
        {
            if (AtEnd) return Problem(origin, "expected '}' to close this substitution but found end of file");
            var c = Peek();
            if (c == '}')
            {
                _pos++;
                break;
            }
            var here = Here();
            Token? piece = c == '\n' ? Problem(here, "expected '}' to close the substitution before the end of the line")
                : c == '"' ? PullQuoted(here)
                : IsWhitespace(c) ? PullWhitespace(here)
                : Forbidden.Contains(c) ? Problem(here, $"expected a path inside ${{…}} but found '{c}'")
                : PullUnquoted(here);
            if (piece.Kind == TokenKind.Problem) return piece;
            pieces.Add(piece);
        }
        var path = ConfigPath.FromPieces(pieces, out var problem);
        if (problem is not null) return Problem(origin, $"bad substitution path: {problem}");
        return new Token(TokenKind.Substitution, optional ? "${?" : "${", origin) { Path = path, Optional = optional };
    }
}
