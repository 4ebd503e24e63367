namespace Fleet.Node.Config.Options;

/// <summary>Binds <c>fleet.cluster</c>: whether and how this node joins a cluster.</summary>
/// <param name="Enabled">True to join through RabbitMQ; false runs everything in this process.</param>
/// <param name="RabbitMqUri">The broker used when enabled.</param>
public sealed record ClusterOptions(bool Enabled, Uri RabbitMqUri)
{
    /// <summary>Reads <c>fleet.cluster</c>.</summary>
    /// <exception cref="ConfigException.BadValue">The broker address is not an amqp:// or amqps:// URI.</exception>
    public static ClusterOptions FromConfig(FleetConfig config)
    {
        var text = config.GetString("fleet.cluster.rabbitmq-uri");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            throw new ConfigException.BadValue(config.OriginOf("fleet.cluster.rabbitmq-uri"), "fleet.cluster.rabbitmq-uri", $"\"{text}\" is not an amqp:// or amqps:// URI");
        return new ClusterOptions(config.GetBoolean("fleet.cluster.enabled"), uri);
    }
}
