namespace Fleet.Actors.Arm;

/// <summary>
/// An arm's servo bus failed on too many ticks in a row (each after its in-tick retries). The servo actor throws it;
/// the arm supervisor escalates it, and the fleet supervisor stops that arm only.
/// </summary>
public sealed class ArmBusFailedException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="armId">The arm.</param>
    /// <param name="failedTicks">Ticks in a row whose bus transfers failed.</param>
    /// <param name="lastFault">The last fault's message (port, servo id, register).</param>
    public ArmBusFailedException(string armId, int failedTicks, string lastFault)
        : base($"Arm '{armId}': the servo bus failed on {failedTicks} ticks in a row; the arm is stopped and holds its last goal. " +
               $"Last fault: {lastFault}. Check the arm's power and USB cable, then restart the node.")
    {
        ArmId = armId;
        FailedTicks = failedTicks;
    }

    /// <summary>The arm.</summary>
    public string ArmId { get; }

    /// <summary>Ticks in a row whose bus transfers failed.</summary>
    public int FailedTicks { get; }
}
