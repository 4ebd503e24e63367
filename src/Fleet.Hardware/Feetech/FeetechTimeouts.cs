namespace Fleet.Hardware.Feetech;

/// <summary>
/// Reply timeouts computed the way LeRobot's patched SDK computes them: <c>tx·N + tx·3 + latency</c> ms, where
/// <c>tx = 10 000 / baud</c> ms per byte (8N1 = 10 bits) and N the expected reply bytes.
/// </summary>
public static class FeetechTimeouts
{
    /// <summary>Milliseconds to send one byte at <paramref name="baudRate"/> (0.01 ms at 1 Mbps).</summary>
    public static double ByteTimeMs(int baudRate) => 1000.0 / baudRate * 10.0;

    /// <summary>Timeout for a reply of <paramref name="expectedBytes"/> bytes.</summary>
    public static TimeSpan Packet(int expectedBytes, int baudRate, double latencyMs)
    {
        var tx = ByteTimeMs(baudRate);
        return TimeSpan.FromMilliseconds(tx * expectedBytes + tx * 3 + latencyMs);
    }

    /// <summary>PING and WRITE replies: N = 6 (50.09 ms at 1 Mbps with latency 50).</summary>
    public static TimeSpan Ping(int baudRate, double latencyMs) => Packet(6, baudRate, latencyMs);

    /// <summary>READ of <paramref name="length"/> bytes: N = length + 6.</summary>
    public static TimeSpan Read(int length, int baudRate, double latencyMs) => Packet(length + 6, baudRate, latencyMs);

    /// <summary>SYNC_READ: one window for all replies, N = (6 + length) × ids (50.51 ms for 6 × 2 bytes).</summary>
    public static TimeSpan SyncRead(int length, int idCount, int baudRate, double latencyMs) => Packet((6 + length) * idCount, baudRate, latencyMs);

    /// <summary>LeRobot's broadcast ping window: 1512 bytes plus 3 × 252 + 16 ms (787.12 ms at 1 Mbps).</summary>
    public static TimeSpan BroadcastPing(int baudRate) => TimeSpan.FromMilliseconds(ByteTimeMs(baudRate) * 6 * 252 + 3 * 252 + 16);
}
