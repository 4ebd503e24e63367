using System.Globalization;

namespace Fleet.Policy.Builtin;

/// <summary>
/// The options of one policy as flat key/value text (what a HOCON <c>policy { … }</c> block or a CLI flag
/// gives), with typed getters whose errors name the policy, the key and the expected form. Lists are
/// comma-separated; durations take a unit (<c>100ms</c>, <c>1.5s</c>).
/// </summary>
/// <param name="Policy">The policy type, for messages.</param>
/// <param name="Values">Key → text value.</param>
/// <param name="Origin">Where the values came from (file:line of the block), for messages; empty when unknown.</param>
public sealed record PolicySettings(string Policy, IReadOnlyDictionary<string, string> Values, string Origin = "")
{
    /// <summary>An integer, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="FormatException">The value is not an integer.</exception>
    public int GetInt(string key, int fallback) =>
        !Values.TryGetValue(key, out var text) ? fallback
        : int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
        : throw Bad(key, text, "an integer, e.g. 50");

    /// <summary>A number, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="FormatException">The value is not a number.</exception>
    public double GetDouble(string key, double fallback) =>
        !Values.TryGetValue(key, out var text) ? fallback
        : double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
        : throw Bad(key, text, "a number, e.g. 0.25");

    /// <summary>A boolean (<c>true</c>/<c>false</c>/<c>on</c>/<c>off</c>/<c>yes</c>/<c>no</c>), or <paramref name="fallback"/>.</summary>
    /// <exception cref="FormatException">The value is none of those.</exception>
    public bool GetBool(string key, bool fallback) =>
        !Values.TryGetValue(key, out var text) ? fallback
        : text.Trim().ToLowerInvariant() switch
        {
            "true" or "on" or "yes" => true,
            "false" or "off" or "no" => false,
            _ => throw Bad(key, text, "true or false"),
        };

    /// <summary>A comma-separated list of numbers, or null when absent.</summary>
    /// <exception cref="FormatException">An element is not a number.</exception>
    public IReadOnlyList<float>? GetFloats(string key)
    {
        if (!Values.TryGetValue(key, out var text)) return null;
        var parts = text.Trim().Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw Bad(key, text, "a comma-separated list of numbers, e.g. 10,10,5,5,0,20");
        return values;
    }

    /// <summary>A text value, or null when absent.</summary>
    public string? GetString(string key) => Values.TryGetValue(key, out var text) ? text : null;

    /// <summary>A duration with unit <c>ms</c> or <c>s</c>, or null when absent.</summary>
    /// <exception cref="FormatException">The value is not a duration with a unit.</exception>
    public TimeSpan? GetDuration(string key)
    {
        if (!Values.TryGetValue(key, out var text)) return null;
        var t = text.Trim();
        if (t.EndsWith("ms", StringComparison.Ordinal)
            && double.TryParse(t[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
            return TimeSpan.FromMilliseconds(ms);
        if (t.EndsWith('s') && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0)
            return TimeSpan.FromSeconds(s);
        throw Bad(key, text, "a duration with a unit, e.g. 100ms or 1.5s");
    }

    private FormatException Bad(string key, string text, string expected) =>
        new($"{(Origin.Length > 0 ? Origin + ": " : "")}policy '{Policy}': {key} = '{text}' is not {expected}.");
}
