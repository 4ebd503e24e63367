namespace Fleet.Actors;

/// <summary>A message that names its own key for <see cref="ConsistentHashingPool"/>.</summary>
public interface IConsistentHashable
{
    /// <summary>Messages with equal keys (by <c>ToString()</c>) go to the same routee while the routee set is stable.</summary>
    object ConsistentHashKey { get; }
}
