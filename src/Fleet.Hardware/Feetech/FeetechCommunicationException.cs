namespace Fleet.Hardware.Feetech;

/// <summary>
/// A bus transaction failed after every allowed try: no reply, or only damaged ones. The message follows LeRobot's
/// ("Failed to sync read 'Present_Position' on ids=[1, 2] after 3 tries. [TxRxResult] There is no status packet!")
/// and adds the port and the likely remedies.
/// </summary>
public sealed class FeetechCommunicationException : IOException
{
    /// <summary>Creates the exception; <paramref name="operation"/> reads like "sync read 'Present_Position'".</summary>
    public FeetechCommunicationException(CommunicationFailure failure, string port, string operation, IReadOnlyList<byte> ids, int tries, string detail)
        : base(Format(failure, port, operation, ids, tries, detail))
    {
        Failure = failure;
        PortPath = port;
        Ids = ids;
        Tries = tries;
    }

    /// <summary>The last attempt's failure.</summary>
    public CommunicationFailure Failure { get; }

    /// <summary>The serial port of the bus.</summary>
    public string PortPath { get; }

    /// <summary>The servo ids the transaction addressed.</summary>
    public IReadOnlyList<byte> Ids { get; }

    /// <summary>How many times the transaction was sent.</summary>
    public int Tries { get; }

    /// <summary>The SDK's text for a failure code.</summary>
    public static string SdkText(CommunicationFailure failure) => failure switch
    {
        CommunicationFailure.NoStatusPacket => "There is no status packet!",
        _ => "Incorrect status packet!",
    };

    private static string Format(CommunicationFailure failure, string port, string operation, IReadOnlyList<byte> ids, int tries, string detail)
    {
        var hint = failure == CommunicationFailure.NoStatusPacket
            ? "Check the servo power supply, the cables, the port path and the baud rate, and that the ids are set (`fleet bus scan`)."
            : "Check for duplicate ids on the bus (`fleet bus scan`), the supply voltage and loose cables.";
        return $"Failed to {operation} on ids=[{string.Join(", ", ids)}] after {tries} {(tries == 1 ? "try" : "tries")} on {port}. " +
               $"[TxRxResult] {SdkText(failure)} ({detail}). {hint}";
    }
}
