namespace Fleet.Actors;

/// <summary>A <see cref="TestProbe"/> expectation failed: nothing arrived in time, or something else arrived.</summary>
public sealed class ProbeExpectationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProbeExpectationException(string message) : base(message) { }
}
