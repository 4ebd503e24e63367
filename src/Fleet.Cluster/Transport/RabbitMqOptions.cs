namespace Fleet.Cluster.Transport;

/// <summary>
/// How a node connects to RabbitMQ; binds HOCON <c>fleet.cluster</c> (<c>broker</c>, <c>reconnect</c>).
/// </summary>
/// <param name="Broker">
/// <c>amqp://user:pass@host:5672/vhost</c>, or <c>amqps://…</c> for TLS (the server certificate is checked against
/// the host name). Put credentials in the environment: <c>broker = ${?FLEET_BROKER}</c>.
/// </param>
/// <param name="ClientName">Connection name shown by <c>rabbitmqctl list_connections</c>: the node name.</param>
/// <param name="Reconnect">
/// Backoff between connection attempts, at start and after a loss (exponential with jitter and a cap); null:
/// <see cref="ReconnectBackoff.Default"/>. The transport re-declares queues, bindings and consumers after it reconnects.
/// </param>
/// <param name="Heartbeat">
/// AMQP heartbeat: a silent TCP connection is declared dead after about two of these. Low detects a pulled cable
/// quickly; too low makes a busy (GC-pausing) node drop its connection for nothing.
/// </param>
public sealed record RabbitMqOptions(
    Uri Broker,
    string ClientName,
    ReconnectBackoff? Reconnect = null,
    TimeSpan? Heartbeat = null)
{
    /// <summary>The backoff in force.</summary>
    public ReconnectBackoff EffectiveReconnect => Reconnect ?? ReconnectBackoff.Default;

    /// <summary>The broker URI with the password masked, for logs.</summary>
    public string SafeBroker => Broker.UserInfo.Contains(':')
        ? Broker.ToString().Replace(Broker.UserInfo, Broker.UserInfo[..Broker.UserInfo.IndexOf(':')] + ":***", StringComparison.Ordinal)
        : Broker.ToString();
}
