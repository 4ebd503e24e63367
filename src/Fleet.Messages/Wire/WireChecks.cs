namespace Fleet.Messages.Wire;

/// <summary>
/// The bounds checks of decoding, each failing with a <see cref="WireFormatException"/> that names the field.
/// </summary>
internal readonly struct WireChecks(string manifest, WireLimits limits)
{
    public WireLimits Limits => limits;

    public WireFormatException Fail(string field, string problem) => new($"{manifest} {field}", problem);

    public string Text(string field, string value, bool required = true)
    {
        if (required && value.Length == 0) throw Fail(field, "is empty but required.");
        if (value.Length > limits.MaxTextLength) throw Fail(field, $"has {value.Length} characters; the limit is {limits.MaxTextLength} (fleet.cluster.wire.limits).");
        return value;
    }

    public IReadOnlyList<string> Names(string field, IReadOnlyList<string> values)
    {
        if (values.Count > limits.MaxListLength) throw Fail(field, $"has {values.Count} entries; the limit is {limits.MaxListLength}.");
        var copy = new string[values.Count];
        for (var i = 0; i < copy.Length; i++) copy[i] = Text($"{field}[{i}]", values[i]);
        return copy;
    }

    public float[] Finite(string field, IReadOnlyList<float> values, int maxCount)
    {
        if (values.Count > maxCount) throw Fail(field, $"has {values.Count} values; the limit is {maxCount}.");
        var copy = new float[values.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            var v = values[i];
            if (!float.IsFinite(v)) throw Fail($"{field}[{i}]", $"is {v}; every value must be finite.");
            copy[i] = v;
        }
        return copy;
    }

    public long NonNegative(string field, long value) =>
        value >= 0 ? value : throw Fail(field, $"is {value}; it must be zero or more.");

    public DateTimeOffset Time(string field, long unixMicroseconds)
    {
        // DateTimeOffset covers years 1..9999; anything outside is garbage, not a time.
        const long min = -62_135_596_800_000_000L, max = 253_402_300_799_999_999L;
        if (unixMicroseconds is < min or > max) throw Fail(field, $"is {unixMicroseconds} µs since 1970, outside years 1..9999.");
        return DateTimeOffset.UnixEpoch.AddTicks(unixMicroseconds * 10);
    }

    public static long ToUnixMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
