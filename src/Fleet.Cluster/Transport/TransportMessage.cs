namespace Fleet.Cluster.Transport;

/// <summary>
/// One message as a transport carries it: a wire manifest and body (see <c>Fleet.Messages.Wire.WireCodec</c>) plus the
/// routing properties AMQP gives every message.
/// </summary>
/// <param name="Manifest">The wire manifest (AMQP <c>type</c>), e.g. <c>predict-chunk.v1</c>.</param>
/// <param name="Body">The encoded body.</param>
/// <param name="ReplyTo">Queue the answer should go to (AMQP <c>reply-to</c>); null when none is expected.</param>
/// <param name="CorrelationId">Ties an answer to its request (AMQP <c>correlation-id</c>): Fleet uses <c>arm/request-id</c>.</param>
/// <param name="TimeToLive">Per-message expiry (AMQP <c>expiration</c>); the broker drops it unserved after this long in the queue.</param>
/// <param name="Headers">Extra string headers, e.g. <c>x-fleet-dead-letter-reason</c>; null for none.</param>
public sealed record TransportMessage(
    string Manifest,
    ReadOnlyMemory<byte> Body,
    string? ReplyTo = null,
    string? CorrelationId = null,
    TimeSpan? TimeToLive = null,
    IReadOnlyDictionary<string, string>? Headers = null);
