namespace Fleet.Dataset.Journal;

/// <summary>Converts between <see cref="DateTimeOffset"/> and the journal's time columns (microseconds since the Unix epoch, UTC).</summary>
internal static class SqlTime
{
    public static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
}
