namespace Fleet.Hardware.Feetech;

/// <summary>What a scan learns about one servo.</summary>
/// <param name="Id">Bus id.</param>
/// <param name="ModelNumber">Model_Number register (777 = STS3215).</param>
/// <param name="FirmwareMajor">Firmware_Major_Version.</param>
/// <param name="FirmwareMinor">Firmware_Minor_Version.</param>
/// <param name="BaudRate">The line speed it answered at.</param>
public sealed record ServoInfo(byte Id, int ModelNumber, int FirmwareMajor, int FirmwareMinor, int BaudRate)
{
    /// <summary>LeRobot's model name ("sts3215") or "unknown (N)".</summary>
    public string ModelName => ModelNumber switch
    {
        777 => "sts3215",
        2825 => "sts3250",
        11272 => "sm8512bl",
        1284 => "scs0009",
        _ => $"unknown ({ModelNumber})",
    };

    /// <summary>"major.minor", the form LeRobot compares across motors.</summary>
    public string Firmware => $"{FirmwareMajor}.{FirmwareMinor}";
}
