using Fleet.Hardware.Feetech.Protocol;

namespace Fleet.Hardware.Feetech;

/// <summary>
/// A servo answered a unicast instruction with a non-zero ERR byte (overload, overheat, voltage…). LeRobot raises
/// on these too; the servo has usually dropped torque to protect itself.
/// </summary>
public sealed class ServoErrorException : IOException
{
    /// <summary>Creates the exception for servo <paramref name="id"/> on <paramref name="port"/>.</summary>
    public ServoErrorException(string port, byte id, StatusError error, string operation)
        : base($"Servo {id} on {port} reported {StatusErrorText.Describe(error)} during {operation} [RxPacketError]. " + Remedy(error))
    {
        PortPath = port;
        Id = id;
        Error = error;
    }

    /// <summary>The serial port of the bus.</summary>
    public string PortPath { get; }

    /// <summary>The reporting servo.</summary>
    public byte Id { get; }

    /// <summary>The reported conditions.</summary>
    public StatusError Error { get; }

    private static string Remedy(StatusError error)
    {
        if (error.HasFlag(StatusError.Overload))
            return "Free the joint (a stalled gripper is the usual cause); the servo may need a power cycle to recover.";
        if (error.HasFlag(StatusError.Overheat)) return "Let the servo cool down and reduce its load.";
        if (error.HasFlag(StatusError.Voltage)) return "Check the supply: 7.4 V servos must not get 12 V, and the supply must hold under load.";
        if (error.HasFlag(StatusError.OverCurrent)) return "Reduce the load or the Protection_Current setting.";
        return "Power-cycle the servo; replace it if the error persists.";
    }
}
