namespace Fleet.Hardware.Feetech;

/// <summary>
/// LeRobot's Baud_Rate register codes (<c>STS_SMS_SERIES_BAUDRATE_TABLE</c>) and scan list. Feetech's own tables
/// differ for codes 5..7 (76 800 / 57 600 / 38 400); Fleet follows LeRobot, which only ever writes code 0.
/// </summary>
public static class BaudRateTable
{
    /// <summary>The bus speed LeRobot and Fleet use: 1,000,000 baud (code 0).</summary>
    public const int Default = 1_000_000;

    private static readonly int[] ByCode = [1_000_000, 500_000, 250_000, 128_000, 115_200, 57_600, 38_400, 19_200];

    /// <summary>Rates <c>scan_port</c> tries, lowest first.</summary>
    public static IReadOnlyList<int> ScanRates { get; } = [4800, 9600, 14400, 19200, 38400, 57600, 115200, 128000, 250000, 500000, 1000000];

    /// <summary>The rate for a Baud_Rate register code, or null for an unknown code.</summary>
    public static int? RateForCode(int code) => code >= 0 && code < ByCode.Length ? ByCode[code] : null;

    /// <summary>The register code for a rate, or null when the servo cannot run at it.</summary>
    public static int? CodeForRate(int rate)
    {
        var i = Array.IndexOf(ByCode, rate);
        return i >= 0 ? i : null;
    }
}
