using System.Globalization;
using System.Text;

namespace Fleet.Messages.Text;

/// <summary>
/// Writes a string as a JSON string literal with the minimal escapes: quote, backslash, the named control escapes
/// (\n \r \t \b \f) and \uXXXX for other characters below U+0020; everything else, non-ASCII included, is written as
/// is. This is what Python's <c>json.dumps(ensure_ascii=False)</c> produces (LeRobot's metadata files) and what HOCON
/// accepts in a quoted key or string, so the dataset metadata and the config renderer share it.
/// </summary>
public static class JsonStringQuoting
{
    /// <summary>Appends <paramref name="value"/> to <paramref name="builder"/> as a quoted JSON string.</summary>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static StringBuilder AppendQuoted(this StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20) builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.Append('"');
    }

    /// <summary><paramref name="value"/> as a quoted JSON string.</summary>
    public static string Quote(string value) => new StringBuilder(value.Length + 2).AppendQuoted(value).ToString();
}
