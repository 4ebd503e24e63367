using System.Globalization;

namespace Fleet.Node.Config;

/// <summary>
/// The HOCON units format for durations and sizes: a number, optional whitespace, an optional unit
/// (<c>10s</c>, <c>100 ms</c>, <c>2 minutes</c>, <c>64 MiB</c>, <c>1k</c>). A bare number takes the default
/// unit: milliseconds for durations, bytes for sizes. Duration units are lower case; single-letter size
/// units are powers of two (<c>k</c> = 1024), as the spec prescribes.
/// </summary>
public static class ConfigUnits
{
    private static readonly Dictionary<string, decimal> DurationTicks = Build(
        (TimeSpan.TicksPerMillisecond / 1_000_000m, ["ns", "nano", "nanos", "nanosecond", "nanoseconds"]),
        (TimeSpan.TicksPerMillisecond / 1_000m, ["us", "micro", "micros", "microsecond", "microseconds"]),
        (TimeSpan.TicksPerMillisecond, ["ms", "milli", "millis", "millisecond", "milliseconds"]),
        (TimeSpan.TicksPerSecond, ["s", "second", "seconds"]),
        (TimeSpan.TicksPerMinute, ["m", "minute", "minutes"]),
        (TimeSpan.TicksPerHour, ["h", "hour", "hours"]),
        (TimeSpan.TicksPerDay, ["d", "day", "days"]));

    private static readonly Dictionary<string, decimal> SizeBytes = BuildSizes();

    /// <summary>Parses a duration; throws <see cref="FormatException"/> naming the accepted units when the text is not one.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var (number, unit) = Split(text);
        if (!DurationTicks.TryGetValue(unit.Length == 0 ? "ms" : unit, out var ticksPerUnit))
            throw new FormatException($"'{unit}' is not a duration unit; use ns, us, ms, s, m, h or d (or their long names such as seconds)");
        var ticks = decimal.Round(Multiply(number, ticksPerUnit, text));
        if (ticks > long.MaxValue || ticks < long.MinValue) throw new FormatException($"'{text}' is too long a duration");
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Parses a size in bytes; throws <see cref="FormatException"/> naming the accepted units when the text is not one.</summary>
    public static long ParseBytes(string text)
    {
        var (number, unit) = Split(text);
        if (!SizeBytes.TryGetValue(unit.Length == 0 ? "B" : unit, out var factor))
            throw new FormatException($"'{unit}' is not a size unit; use B, kB/MB/GB (powers of 1000) or K/KiB, M/MiB, G/GiB (powers of 1024)");
        var bytes = Multiply(number, factor, text);
        if (bytes > long.MaxValue || bytes < 0 || bytes != decimal.Floor(bytes))
            throw new FormatException($"'{text}' is not a whole, non-negative number of bytes that fits in 64 bits");
        return (long)bytes;
    }

    private static (decimal Number, string Unit) Split(string text)
    {
        var s = text.Trim();
        var i = s.Length;
        while (i > 0 && char.IsLetter(s[i - 1])) i--;
        var unit = s[i..];
        var numberText = s[..i].Trim();
        if (!decimal.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            throw new FormatException($"expected a number followed by an optional unit but found '{text}'");
        return (number, unit);
    }

    // Exact arithmetic (decimal), so large nanosecond counts and byte sizes do not lose digits.
    private static decimal Multiply(decimal number, decimal factor, string text)
    {
        try
        {
            return number * factor;
        }
        catch (OverflowException)
        {
            throw new FormatException($"'{text}' is too large");
        }
    }

    private static decimal Power(int radix, int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++) result *= radix;
        return result;
    }

    private static Dictionary<string, decimal> Build(params (decimal Factor, string[] Names)[] families)
    {
        var map = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (factor, names) in families)
            foreach (var name in names) map[name] = factor;
        return map;
    }

    private static Dictionary<string, decimal> BuildSizes()
    {
        var map = Build((1, ["B", "b", "byte", "bytes"]));
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        const string letters = "KMGTPEZY";
        for (var p = 0; p < letters.Length; p++)
        {
            var letter = letters[p].ToString();
            var dec = Power(1000, p + 1);
            var bin = Power(1024, p + 1);
            foreach (var n in new[] { (p == 0 ? "k" : letter) + "B", decimalNames[p] + "byte", decimalNames[p] + "bytes" }) map[n] = dec;
            foreach (var n in new[] { letter, letter.ToLowerInvariant(), letter + "i", letter + "iB", binaryNames[p] + "byte", binaryNames[p] + "bytes" }) map[n] = bin;
        }
        return map;
    }
}
