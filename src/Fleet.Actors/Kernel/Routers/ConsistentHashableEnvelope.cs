namespace Fleet.Actors;

/// <summary>Wraps a message with a hash key for <see cref="ConsistentHashingPool"/>; the routee receives <paramref name="Message"/>.</summary>
/// <param name="Message">The message to deliver.</param>
/// <param name="HashKey">The key to route by.</param>
public sealed record ConsistentHashableEnvelope(object Message, object HashKey);
