using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Fleet.Cluster.Transport;

// Connection loss and recovery (logged and counted), and consumers.
public sealed partial class RabbitMqTransport
{
    private Task OnShutdownAsync(object? sender, ShutdownEventArgs e)
    {
        if (e.Initiator == ShutdownInitiator.Application) return Task.CompletedTask;
        Counters.CountConnectionLost();
        _log.LogWarning("Lost the connection of '{Name}' to RabbitMQ {Broker} ({Initiator}: {Reason}); reconnecting every {Interval} ms.",
            Name, _options.SafeBroker, e.Initiator, e.ReplyText, (int)_options.EffectiveRecoveryInterval.TotalMilliseconds);
        return Task.CompletedTask;
    }

    private Task OnRecoveredAsync(object? sender, AsyncEventArgs e)
    {
        Counters.CountReconnect();
        _log.LogInformation("'{Name}' reconnected to RabbitMQ {Broker}; queues, bindings and consumers re-declared.", Name, _options.SafeBroker);
        return Task.CompletedTask;
    }

    private Task OnRecoveryErrorAsync(object? sender, ConnectionRecoveryErrorEventArgs e)
    {
        Counters.CountReconnectFailure();
        _log.LogWarning("'{Name}' could not reconnect to RabbitMQ {Broker} yet: {Error}.", Name, _options.SafeBroker, e.Exception.Message);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask<IConsumer> ConsumeAsync(string queue, ushort prefetch, Func<Delivery, CancellationToken, ValueTask> onDelivery, CancellationToken cancellationToken)
    {
        IChannel channel;
        try
        {
            channel = await _connection.CreateChannelAsync(null, cancellationToken).ConfigureAwait(false);
            await channel.BasicQosAsync(0, Math.Max((ushort)1, prefetch), global: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or IOException)
        {
            throw Unavailable($"consume '{queue}'", e);
        }
        var consumer = new AsyncEventingBasicConsumer(channel);
        var stopping = new CancellationTokenSource();
        consumer.ReceivedAsync += async (_, ea) =>
        {
            Counters.CountDelivered();
            var p = ea.BasicProperties;
            // ea.Body is only valid during this handler: copy it.
            var message = new TransportMessage(p.Type ?? "", ea.Body.ToArray(), p.ReplyTo, p.CorrelationId, Headers: ReadHeaders(p.Headers));
            var tag = ea.DeliveryTag;
            var delivery = new Delivery(queue, message, ea.Redelivered, (ack, requeue, ct) => SettleAsync(channel, tag, ack, requeue, queue, ct));
            await onDelivery(delivery, stopping.Token).ConfigureAwait(false);
        };
        var consumerTag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
        return new RabbitConsumer(queue, channel, consumerTag, stopping);
    }

    private static Dictionary<string, string>? ReadHeaders(IDictionary<string, object?>? headers) =>
        headers is not { Count: > 0 }
            ? null
            : headers.Where(kv => kv.Value is byte[]).ToDictionary(kv => kv.Key, kv => System.Text.Encoding.UTF8.GetString((byte[])kv.Value!));

    private async ValueTask SettleAsync(IChannel channel, ulong tag, bool ack, bool requeue, string queue, CancellationToken ct)
    {
        try
        {
            if (ack) await channel.BasicAckAsync(tag, multiple: false, ct).ConfigureAwait(false);
            else await channel.BasicNackAsync(tag, multiple: false, requeue, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // The channel died with the delivery on it: the broker has already requeued it for another consumer.
            _log.LogWarning("Could not {Verb} a delivery from '{Queue}' ({Error}); the broker redelivers it.", ack ? "ack" : "reject", queue, e.Message);
        }
    }

    private sealed class RabbitConsumer(string queue, IChannel channel, string consumerTag, CancellationTokenSource stopping) : IConsumer
    {
        private int _cancelled, _disposed;

        public string Queue => queue;

        public async ValueTask StopAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _cancelled, 1) != 0 || !channel.IsOpen) return;
            try
            {
                await channel.BasicCancelAsync(consumerTag, noWait: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
            {
                // channel already gone: nothing is being delivered any more
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            await stopping.CancelAsync().ConfigureAwait(false);
            try
            {
                // Closing the channel returns every unacknowledged delivery to the queue.
                await channel.CloseAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
            {
                // already closed
            }
            channel.Dispose();
            stopping.Dispose();
        }
    }
}
