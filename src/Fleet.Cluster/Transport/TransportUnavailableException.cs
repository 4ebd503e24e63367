namespace Fleet.Cluster.Transport;

/// <summary>
/// The broker cannot be reached right now (connection lost and not yet recovered, or never made). A fault, not a
/// bug: the transport keeps reconnecting with backoff; the caller fails its request and tries again later.
/// </summary>
public sealed class TransportUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
