namespace Fleet.Messages.Wire;

/// <summary>
/// A message from the wire was refused: unknown manifest, unreadable protobuf, or a value outside
/// <see cref="WireLimits"/>. An expected outcome for bytes from elsewhere; receivers dead-letter the message and count it.
/// </summary>
public sealed class WireFormatException : Exception
{
    /// <summary>Creates the exception; <paramref name="where"/> names the manifest and field (e.g. <c>predict-chunk.v1 observation.state[3]</c>).</summary>
    public WireFormatException(string where, string problem, Exception? inner = null)
        : base($"Wire message refused at {where}: {problem}", inner)
    {
        Where = where;
        Problem = problem;
    }

    /// <summary>The manifest and field at fault.</summary>
    public string Where { get; }

    /// <summary>What was wrong with it.</summary>
    public string Problem { get; }
}
