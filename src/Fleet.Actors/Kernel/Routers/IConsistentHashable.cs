namespace Fleet.Actors;

/// <summary>A message that names its own key for <see cref="ConsistentHashingPool"/>.</summary>
public interface IConsistentHashable
{
    /// <summary>Messages with equal keys (by <c>ToString()</c>) go to the same routee while the routee set is stable.</summary>
    object ConsistentHashKey { get; }
}

/// <summary>Wraps a message with a hash key for <see cref="ConsistentHashingPool"/>; the routee receives <paramref name="Message"/>.</summary>
/// <param name="Message">The message to deliver.</param>
/// <param name="HashKey">The key to route by.</param>
public sealed record ConsistentHashableEnvelope(object Message, object HashKey);
