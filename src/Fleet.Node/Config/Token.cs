namespace Fleet.Node.Config;

/// <summary>INTERNAL API. The kinds of lexical token in a HOCON text.</summary>
internal enum TokenKind
{
    OpenCurly,
    CloseCurly,
    OpenSquare,
    CloseSquare,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    Newline,
    /// <summary>Non-newline whitespace; kept because whitespace between simple values is significant.</summary>
    Whitespace,
    /// <summary>Unquoted text (which may turn out to be a number, boolean or null).</summary>
    Unquoted,
    /// <summary>A quoted or triple-quoted string; <see cref="Token.Text"/> holds the decoded content.</summary>
    Quoted,
    /// <summary><c>${path}</c> or <c>${?path}</c>; <see cref="Token.Path"/> holds the parsed path.</summary>
    Substitution,
    /// <summary>A lexical error; the parser raises it with the token's position.</summary>
    Problem,
    End,
}

/// <summary>INTERNAL API. One token with its position; problems travel as tokens and the parser raises them.</summary>
internal sealed record Token(TokenKind Kind, string Text, ConfigOrigin Origin)
{
    /// <summary>For <see cref="TokenKind.Substitution"/>: the path elements.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>For <see cref="TokenKind.Substitution"/>: whether it was written <c>${?…}</c>.</summary>
    public bool Optional { get; init; }

    /// <summary>A readable name for error messages ("'{'", "end of file", "'foo'").</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of file",
        TokenKind.Newline => "end of line",
        TokenKind.Whitespace => "whitespace",
        TokenKind.Quoted => $"string \"{Text}\"",
        TokenKind.Substitution => $"substitution ${{{ConfigPath.Render(Path)}}}",
        _ => $"'{Text}'",
    };
}
