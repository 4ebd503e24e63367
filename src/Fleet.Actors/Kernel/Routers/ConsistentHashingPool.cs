namespace Fleet.Actors;

/// <summary>
/// Sends messages with the same key to the same routee (e.g. all messages of one arm to one worker). The key comes
/// from a <see cref="ConsistentHashableEnvelope"/>, else from <see cref="IConsistentHashable"/>, else from the
/// hash mapping given here; a message without a key goes to dead letters. Each routee has
/// <see cref="VirtualNodesFactor"/> points on a hash ring (stable FNV-1a over the key's text), so when a routee
/// stops only its keys move.
/// </summary>
public sealed class ConsistentHashingPool : Pool
{
    /// <summary>A pool of <paramref name="nrOfInstances"/> routees.</summary>
    /// <param name="nrOfInstances">Routees to create.</param>
    /// <param name="hashMapping">Extracts a key from messages that carry none themselves (null result: no key).</param>
    /// <param name="virtualNodesFactor">Ring points per routee (Akka's default 10).</param>
    /// <param name="supervisorStrategy">Routee supervision; escalate-all by default.</param>
    public ConsistentHashingPool(int nrOfInstances, Func<object, object?>? hashMapping = null, int virtualNodesFactor = 10, SupervisorStrategy? supervisorStrategy = null)
        : base(nrOfInstances, supervisorStrategy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualNodesFactor, 1);
        HashMapping = hashMapping;
        VirtualNodesFactor = virtualNodesFactor;
    }

    /// <summary>The fallback key extractor.</summary>
    public Func<object, object?>? HashMapping { get; }

    /// <summary>Ring points per routee.</summary>
    public int VirtualNodesFactor { get; }

    internal override RoutingLogic CreateLogic() => new Logic(this);

    /// <summary>FNV-1a (32 bit) over the UTF-16 code units of <paramref name="text"/>: stable across processes and runs.</summary>
    internal static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * 16777619u;
            hash = (hash ^ (byte)(c >> 8)) * 16777619u;
        }
        return hash;
    }

    private sealed class Logic(ConsistentHashingPool pool) : RoutingLogic
    {
        private (uint Hash, ActorCell Routee)[] _ring = [];

        internal override void Route(object message, IActorRef? sender, IReadOnlyList<ActorCell> routees, ActorCell router)
        {
            if (_ring.Length == 0) RouteesChanged(routees);
            var (payload, key) = message switch
            {
                ConsistentHashableEnvelope envelope => (envelope.Message, envelope.HashKey),
                IConsistentHashable hashable => (message, hashable.ConsistentHashKey),
                _ => (message, pool.HashMapping?.Invoke(message)),
            };
            if (key is null)
            {
                router.System.PublishDeadLetter(message, sender, router.Self,
                    $"ConsistentHashingPool {router.Path} found no hash key in {message.GetType().Name}: wrap it in ConsistentHashableEnvelope, implement IConsistentHashable, or give a hash mapping");
                return;
            }
            Pick(StableHash(key.ToString() ?? string.Empty)).Self.Tell(payload, sender);
        }

        internal override void RouteesChanged(IReadOnlyList<ActorCell> routees)
        {
            var ring = new List<(uint, ActorCell)>(routees.Count * pool.VirtualNodesFactor);
            foreach (var routee in routees)
            {
                for (var i = 0; i < pool.VirtualNodesFactor; i++) ring.Add((StableHash($"{routee.Path.Name}:{i}"), routee));
            }
            _ring = [.. ring.OrderBy(p => p.Item1)];
        }

        private ActorCell Pick(uint hash)
        {
            int lo = 0, hi = _ring.Length - 1;
            if (hash > _ring[hi].Hash) return _ring[0].Routee; // wrap around the ring
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (_ring[mid].Hash < hash) lo = mid + 1;
                else hi = mid;
            }
            return _ring[lo].Routee;
        }
    }
}
