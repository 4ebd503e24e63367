using System.Globalization;

namespace Fleet.Node.Config;

/// <summary>A number; keeps the text it was written as, so concatenation and rendering reproduce it.</summary>
public sealed class ConfigNumber(string text, ConfigOrigin origin) : ConfigValue(origin)
{
    /// <summary>The number as written in the file (for example <c>1e5</c>).</summary>
    public string Text { get; } = text;

    /// <summary>The value as a double.</summary>
    public double AsDouble => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value as a whole number, or null when it has a fraction or does not fit in 64 bits.</summary>
    public long? AsLong => long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l
        : double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18 ? (long)d : null;

    /// <inheritdoc />
    public override string TypeName => "number";

    internal override string ConcatText => Text;

    /// <summary>True when <paramref name="text"/> is a JSON number (optional minus, digits without a leading zero, optional fraction and exponent).</summary>
    public static bool IsNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-') i++;
        var digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i == digits) return false;
        if (i - digits > 1 && text[digits] == '0') return false; // JSON forbids leading zeros; "007" stays a string
        if (i < text.Length && text[i] == '.')
        {
            var frac = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == frac) return false;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-') i++;
            var exp = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == exp) return false;
        }
        return i == text.Length;
    }
}
