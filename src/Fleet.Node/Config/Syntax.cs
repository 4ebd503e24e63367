namespace Fleet.Node.Config;

// INTERNAL API. The syntax tree the DocumentParser builds: fields keep their order and duplicates,
// values keep their concatenation parts; merging and substitution happen in later stages.

/// <summary>INTERNAL API. One piece of a value concatenation.</summary>
internal abstract record SyntaxPart(ConfigOrigin Origin);

/// <summary>INTERNAL API. An object literal (or a file's root): fields and includes in source order.</summary>
internal sealed record SyntaxObject(IReadOnlyList<SyntaxEntry> Entries, ConfigOrigin Origin) : SyntaxPart(Origin);

/// <summary>INTERNAL API. An array literal.</summary>
internal sealed record SyntaxArray(IReadOnlyList<SyntaxValue> Elements, ConfigOrigin Origin) : SyntaxPart(Origin);

/// <summary>INTERNAL API. Quoted or unquoted text; unquoted text may stand for a number, boolean or null.</summary>
internal sealed record SyntaxText(string Text, bool Quoted, ConfigOrigin Origin) : SyntaxPart(Origin);

/// <summary>INTERNAL API. Whitespace between two simple values (significant in string concatenation).</summary>
internal sealed record SyntaxWhitespace(string Text, ConfigOrigin Origin) : SyntaxPart(Origin);

/// <summary>INTERNAL API. <c>${path}</c> or <c>${?path}</c>.</summary>
internal sealed record SyntaxSubstitution(IReadOnlyList<string> Path, bool Optional, ConfigOrigin Origin) : SyntaxPart(Origin);

/// <summary>INTERNAL API. A field value: one or more parts, concatenated; never empty.</summary>
internal sealed record SyntaxValue(IReadOnlyList<SyntaxPart> Parts, ConfigOrigin Origin);

/// <summary>INTERNAL API. An entry of an object: a field or an include.</summary>
internal abstract record SyntaxEntry(ConfigOrigin Origin);

/// <summary>INTERNAL API. <c>path = value</c>; <paramref name="Append"/> is true for <c>+=</c>.</summary>
internal sealed record SyntaxField(IReadOnlyList<string> Path, bool Append, SyntaxValue Value, ConfigOrigin Origin) : SyntaxEntry(Origin);

/// <summary>INTERNAL API. How an include names its resource.</summary>
internal enum IncludeKind { Heuristic, File, Url, Classpath }

/// <summary>INTERNAL API. <c>include "name"</c>, <c>include file("name")</c>, optionally wrapped in <c>required(…)</c>.</summary>
internal sealed record SyntaxInclude(string Name, IncludeKind Kind, bool Required, ConfigOrigin Origin) : SyntaxEntry(Origin);
