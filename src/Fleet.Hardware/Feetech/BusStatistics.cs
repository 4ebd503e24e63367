namespace Fleet.Hardware.Feetech;

/// <summary>Counters of one <see cref="FeetechBus"/>, for status views and tests. Written only by the bus's owner.</summary>
public sealed class BusStatistics
{
    /// <summary>Packets sent (every try counts).</summary>
    public long Transactions { get; internal set; }

    /// <summary>Tries that failed and were repeated.</summary>
    public long Retries { get; internal set; }

    /// <summary>Calls that failed after all their tries.</summary>
    public long Failures { get; internal set; }

    /// <summary>Reply bytes skipped as noise or damage (resynchronisations).</summary>
    public long SkippedBytes { get; internal set; }
}
