namespace Fleet.Hardware.So101;

/// <summary>
/// Connecting to an arm found the wrong servos: a motor is missing or not an STS3215, or firmware versions differ.
/// The message lists every motor's finding and what to do.
/// </summary>
public sealed class ArmHandshakeException : IOException
{
    /// <summary>Creates the exception with the full user-facing message.</summary>
    public ArmHandshakeException(string message) : base(message) { }
}
