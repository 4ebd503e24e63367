namespace Fleet.Hardware.Tests.Infrastructure;

/// <summary>Hex strings like "FF FF 01 02 01 FB" to bytes and back, for readable protocol vectors.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    public static string Of(ReadOnlySpan<byte> bytes) => string.Join(" ", bytes.ToArray().Select(b => b.ToString("X2")));
}
