namespace Fleet.Hardware.Feetech;

/// <summary>How a transaction failed on the wire, with the vendor SDK's result codes and texts that LeRobot users know.</summary>
public enum CommunicationFailure
{
    /// <summary>COMM_RX_TIMEOUT (−6), "There is no status packet!": nothing (or nothing for the asked id) arrived in time.</summary>
    NoStatusPacket = -6,

    /// <summary>COMM_RX_CORRUPT (−7), "Incorrect status packet!": a reply arrived damaged (bad checksum) or incomplete.</summary>
    IncorrectStatusPacket = -7,
}
