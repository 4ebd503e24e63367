namespace Fleet.Cluster.Transport;

/// <summary>Where a message is published: straight to a queue, or to a fanout exchange that copies it to every bound queue.</summary>
/// <param name="Exchange">Exchange name; empty for the default exchange (straight to <paramref name="RoutingKey"/>'s queue).</param>
/// <param name="RoutingKey">The queue name for the default exchange; ignored by fanout exchanges.</param>
public sealed record Destination(string Exchange, string RoutingKey)
{
    /// <summary>Straight to the named queue.</summary>
    public static Destination Queue(string queue) => new("", queue);

    /// <summary>To every queue bound to the fanout exchange.</summary>
    public static Destination Broadcast(string exchange) => new(exchange, "");

    /// <inheritdoc />
    public override string ToString() => Exchange.Length == 0 ? $"queue '{RoutingKey}'" : $"exchange '{Exchange}'";
}
