using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Fleet.Cluster.Transport;

/// <summary>
/// <see cref="ITransport"/> over RabbitMQ (RabbitMQ.Client 7, async API). One connection per node; one channel with
/// publisher confirms for publishing (so a full queue's reject-publish and an unroutable mandatory publish come back
/// as <see cref="PublishOutcome"/> values), one channel per consumer (so each has its own prefetch and a failing
/// consumer cannot close another's channel). After a lost connection the client reconnects every
/// <see cref="RabbitMqOptions.RecoveryInterval"/> and re-declares queues, bindings and consumers; the node is not
/// restarted. Losses, recoveries and failed attempts are logged and counted in <see cref="Counters"/>.
/// </summary>
public sealed partial class RabbitMqTransport : ITransport
{
    private readonly IConnection _connection;
    private readonly IChannel _publisher;
    private readonly IChannel _admin;
    private readonly ILogger _log;
    private readonly RabbitMqOptions _options;

    private RabbitMqTransport(RabbitMqOptions options, IConnection connection, IChannel publisher, IChannel admin, ILogger log)
    {
        _options = options;
        _connection = connection;
        _publisher = publisher;
        _admin = admin;
        _log = log;
        connection.ConnectionShutdownAsync += OnShutdownAsync;
        connection.RecoverySucceededAsync += OnRecoveredAsync;
        connection.ConnectionRecoveryErrorAsync += OnRecoveryErrorAsync;
    }

    /// <inheritdoc />
    public string Name => _options.ClientName;

    /// <inheritdoc />
    public TransportCounters Counters { get; } = new();

    /// <inheritdoc />
    public bool IsConnected => _connection.IsOpen;

    /// <summary>
    /// Connects, retrying with exponential backoff (<see cref="RabbitMqOptions.ConnectBackoffMin"/> doubling up to
    /// <see cref="RabbitMqOptions.ConnectBackoffMax"/>) until it succeeds or <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled before the broker answered; the last error is logged.</exception>
    public static async Task<RabbitMqTransport> ConnectAsync(RabbitMqOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        var log = logger ?? NullLogger.Instance;
        var factory = new ConnectionFactory
        {
            Uri = options.Broker,
            ClientProvidedName = options.ClientName,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = options.EffectiveRecoveryInterval,
            RequestedHeartbeat = options.Heartbeat ?? TimeSpan.FromSeconds(10),
        };
        var pause = options.ConnectBackoffMin ?? TimeSpan.FromMilliseconds(200);
        var maxPause = options.ConnectBackoffMax ?? TimeSpan.FromSeconds(10);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var connection = await factory.CreateConnectionAsync(options.ClientName, cancellationToken).ConfigureAwait(false);
                var publisher = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
                var admin = await connection.CreateChannelAsync(null, cancellationToken).ConfigureAwait(false);
                log.LogInformation("Connected to RabbitMQ {Broker} as '{Name}' (attempt {Attempt}).", options.SafeBroker, options.ClientName, attempt);
                return new RabbitMqTransport(options, connection, publisher, admin, log);
            }
            catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or IOException && !cancellationToken.IsCancellationRequested)
            {
                log.LogWarning("RabbitMQ {Broker} unreachable for '{Name}' (attempt {Attempt}: {Error}); retrying in {Pause} ms.",
                    options.SafeBroker, options.ClientName, attempt, e.InnerException?.Message ?? e.Message, (int)pause.TotalMilliseconds);
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, maxPause.Ticks));
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DeclareQueueAsync(QueueSpec spec, CancellationToken cancellationToken)
    {
        var arguments = new Dictionary<string, object?>();
        if (spec.MessageTtl is { } ttl) arguments["x-message-ttl"] = (long)ttl.TotalMilliseconds;
        if (spec.MaxLength is { } max)
        {
            arguments["x-max-length"] = (long)max;
            arguments["x-overflow"] = "reject-publish";
        }
        if (spec.Expires is { } expires) arguments["x-expires"] = (long)expires.TotalMilliseconds;
        await Guard(() => _admin.QueueDeclareAsync(spec.Name, spec.Durable, exclusive: false, autoDelete: false, arguments,
            cancellationToken: cancellationToken), $"declare queue '{spec.Name}'").ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DeclareBroadcastAsync(string exchange, bool durable, CancellationToken cancellationToken) =>
        new(Guard(() => _admin.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable, autoDelete: false, cancellationToken: cancellationToken),
            $"declare exchange '{exchange}'"));

    /// <inheritdoc />
    public ValueTask BindAsync(string queue, string exchange, CancellationToken cancellationToken) =>
        new(Guard(() => _admin.QueueBindAsync(queue, exchange, "", cancellationToken: cancellationToken), $"bind '{queue}' to '{exchange}'"));

    /// <inheritdoc />
    public async ValueTask<PublishOutcome> PublishAsync(Destination destination, TransportMessage message, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            Type = message.Manifest,
            ReplyTo = message.ReplyTo,
            CorrelationId = message.CorrelationId,
            DeliveryMode = DeliveryModes.Transient, // requests are worthless after their deadline: no disk writes
        };
        if (message.TimeToLive is { } ttl)
            properties.Expiration = Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (message.Headers is { Count: > 0 } headers)
            properties.Headers = headers.ToDictionary(kv => kv.Key, kv => (object?)Encoding.UTF8.GetBytes(kv.Value));
        PublishOutcome outcome;
        try
        {
            await _publisher.BasicPublishAsync(destination.Exchange, destination.RoutingKey, mandatory: true, properties, message.Body, cancellationToken).ConfigureAwait(false);
            outcome = PublishOutcome.Accepted;
        }
        catch (PublishException e)
        {
            outcome = e.IsReturn ? PublishOutcome.Unroutable : PublishOutcome.Rejected;
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            throw Unavailable($"publish {message.Manifest} to {destination}", e);
        }
        Counters.CountPublish(outcome);
        return outcome;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // already gone: nothing left to close
        }
        _connection.Dispose();
    }

    /// <summary>Drops the connection abruptly, as a crashed node would: unacknowledged deliveries go to other consumers; no recovery follows.</summary>
    internal async Task AbortAsync() => await _connection.AbortAsync().ConfigureAwait(false);

    private async Task Guard(Func<Task> operation, string what)
    {
        try
        {
            await operation().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or IOException)
        {
            throw Unavailable(what, e);
        }
    }

    private TransportUnavailableException Unavailable(string what, Exception e) =>
        new($"Cannot {what}: node '{Name}' has no connection to RabbitMQ {_options.SafeBroker} right now ({e.Message}); it reconnects every {_options.EffectiveRecoveryInterval.TotalSeconds:0.##} s.", e);
}
