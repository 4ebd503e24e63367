using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Fleet.Cluster.Transport;

/// <summary>
/// <see cref="ITransport"/> over RabbitMQ (RabbitMQ.Client 7, async API). One connection per node; one channel with
/// publisher confirms for publishing (so a full queue's reject-publish and an unroutable mandatory publish come back
/// as <see cref="PublishOutcome"/> values), one channel per consumer (so each has its own prefetch and a failing
/// consumer cannot close another's channel).
/// </summary>
/// <remarks>
/// Reconnection is Fleet's own, not the client's fixed-interval recovery: after a lost connection the transport waits
/// <see cref="RabbitMqOptions.EffectiveReconnect"/> (exponential, jitter, cap) between attempts, then re-declares every
/// exchange, queue and binding it declared and re-attaches every consumer, without restarting the node. Meanwhile
/// every operation fails at once with <see cref="TransportUnavailableException"/>. Losses, reconnections and failed
/// attempts are logged and counted in <see cref="Counters"/>.
/// </remarks>
public sealed partial class RabbitMqTransport : ITransport
{
    private readonly ConnectionFactory _factory;
    private readonly ILogger _log;
    private readonly RabbitMqOptions _options;
    private readonly CancellationTokenSource _closing = new();
    private readonly DeclaredTopology _topology = new();
    private volatile Session _session;
    private int _reconnecting;
    private bool _aborted;

    private RabbitMqTransport(RabbitMqOptions options, ConnectionFactory factory, Session session, ILogger log)
    {
        _options = options;
        _factory = factory;
        _log = log;
        _session = session;
        Watch(session);
    }

    /// <inheritdoc />
    public string Name => _options.ClientName;

    /// <inheritdoc />
    public TransportCounters Counters { get; } = new();

    /// <inheritdoc />
    public bool IsConnected => _session.Connection.IsOpen;

    /// <summary>
    /// Connects, retrying with the reconnect backoff (<see cref="RabbitMqOptions.EffectiveReconnect"/>) until it
    /// succeeds or <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled before the broker answered; each failed attempt is logged.</exception>
    public static async Task<RabbitMqTransport> ConnectAsync(RabbitMqOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        var log = logger ?? NullLogger.Instance;
        var factory = new ConnectionFactory
        {
            Uri = options.Broker,
            ClientProvidedName = options.ClientName,
            AutomaticRecoveryEnabled = false, // Fleet reconnects itself, with backoff (see remarks)
            RequestedHeartbeat = options.Heartbeat ?? TimeSpan.FromSeconds(10),
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var session = await OpenAsync(factory, options.ClientName, cancellationToken).ConfigureAwait(false);
                log.LogInformation("Connected to RabbitMQ {Broker} as '{Name}' (attempt {Attempt}).", options.SafeBroker, options.ClientName, attempt);
                return new RabbitMqTransport(options, factory, session, log);
            }
            catch (Exception e) when (IsConnectFailure(e) && !cancellationToken.IsCancellationRequested)
            {
                var pause = options.EffectiveReconnect.Delay(attempt);
                log.LogWarning("RabbitMQ {Broker} unreachable for '{Name}' (attempt {Attempt}: {Error}); retrying in {Pause} ms.",
                    options.SafeBroker, options.ClientName, attempt, e.InnerException?.Message ?? e.Message, (int)pause.TotalMilliseconds);
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DeclareQueueAsync(QueueSpec spec, CancellationToken cancellationToken)
    {
        await Guard(s => DeclareAsync(s.Admin, spec, cancellationToken), $"declare queue '{spec.Name}'").ConfigureAwait(false);
        _topology.Add(spec);
    }

    /// <inheritdoc />
    public async ValueTask DeclareBroadcastAsync(string exchange, bool durable, CancellationToken cancellationToken)
    {
        await Guard(s => s.Admin.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable, autoDelete: false, cancellationToken: cancellationToken),
            $"declare exchange '{exchange}'").ConfigureAwait(false);
        _topology.AddExchange(exchange, durable);
    }

    /// <inheritdoc />
    public async ValueTask BindAsync(string queue, string exchange, CancellationToken cancellationToken)
    {
        await Guard(s => s.Admin.QueueBindAsync(queue, exchange, "", cancellationToken: cancellationToken), $"bind '{queue}' to '{exchange}'").ConfigureAwait(false);
        _topology.AddBinding(queue, exchange);
    }

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
            await _session.Publisher.BasicPublishAsync(destination.Exchange, destination.RoutingKey, mandatory: true, properties, message.Body, cancellationToken).ConfigureAwait(false);
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
        if (_closing.IsCancellationRequested) return;
        await _closing.CancelAsync().ConfigureAwait(false);
        var connection = _session.Connection;
        try
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // already gone: nothing left to close
        }
        connection.Dispose();
    }

    /// <summary>Drops the connection abruptly, as a crashed node would: unacknowledged deliveries go to other consumers; no reconnection follows.</summary>
    internal async Task AbortAsync()
    {
        _aborted = true;
        await _closing.CancelAsync().ConfigureAwait(false);
        await _session.Connection.AbortAsync().ConfigureAwait(false);
    }

    private static async Task<Session> OpenAsync(ConnectionFactory factory, string name, CancellationToken cancellationToken)
    {
        var connection = await factory.CreateConnectionAsync(name, cancellationToken).ConfigureAwait(false);
        try
        {
            var publisher = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
            var admin = await connection.CreateChannelAsync(null, cancellationToken).ConfigureAwait(false);
            return new Session(connection, publisher, admin);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static bool IsConnectFailure(Exception e) =>
        e is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException or IOException or System.Net.Sockets.SocketException;

    private static Task DeclareAsync(IChannel admin, QueueSpec spec, CancellationToken cancellationToken)
    {
        var arguments = new Dictionary<string, object?>();
        if (spec.MessageTtl is { } ttl) arguments["x-message-ttl"] = (long)ttl.TotalMilliseconds;
        if (spec.MaxLength is { } max)
        {
            arguments["x-max-length"] = (long)max;
            arguments["x-overflow"] = "reject-publish";
        }
        if (spec.Expires is { } expires) arguments["x-expires"] = (long)expires.TotalMilliseconds;
        return admin.QueueDeclareAsync(spec.Name, spec.Durable, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken);
    }

    private async Task Guard(Func<Session, Task> operation, string what)
    {
        try
        {
            await operation(_session).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or IOException)
        {
            throw Unavailable(what, e);
        }
    }

    private TransportUnavailableException Unavailable(string what, Exception e) =>
        new($"Cannot {what}: node '{Name}' has no connection to RabbitMQ {_options.SafeBroker} right now ({e.Message}); " +
            $"it reconnects with backoff ({Counters.ReconnectFailures} failed attempts so far).", e);

    private sealed record Session(IConnection Connection, IChannel Publisher, IChannel Admin);
}
