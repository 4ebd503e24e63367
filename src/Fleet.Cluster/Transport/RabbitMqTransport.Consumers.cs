using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Fleet.Cluster.Transport;

// Consumers: each on its own channel, re-attached to the new connection after a reconnection.
public sealed partial class RabbitMqTransport
{
    /// <inheritdoc />
    public async ValueTask<IConsumer> ConsumeAsync(string queue, ushort prefetch, Func<Delivery, CancellationToken, ValueTask> onDelivery, CancellationToken cancellationToken)
    {
        var consumer = new RabbitConsumer(this, queue, Math.Max((ushort)1, prefetch), onDelivery);
        try
        {
            await consumer.AttachAsync(_session.Connection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or IOException or OperationInterruptedException)
        {
            throw Unavailable($"consume '{queue}'", e);
        }
        _topology.Add(consumer);
        return consumer;
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

    private sealed class RabbitConsumer(RabbitMqTransport owner, string queue, ushort prefetch, Func<Delivery, CancellationToken, ValueTask> onDelivery) : IConsumer
    {
        private readonly CancellationTokenSource _stopping = new();
        private readonly SemaphoreSlim _attach = new(1, 1);
        private IChannel? _channel;
        private string? _tag;
        private int _cancelled, _disposed;

        public string Queue => queue;

        // Opens a channel on connection and starts consuming there; the channel of a lost connection is dropped.
        public async Task AttachAsync(IConnection connection, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _cancelled) != 0) return;
            await _attach.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var channel = await connection.CreateChannelAsync(null, cancellationToken).ConfigureAwait(false);
                await channel.BasicQosAsync(0, prefetch, global: false, cancellationToken).ConfigureAwait(false);
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += (_, ea) => OnReceivedAsync(channel, ea);
                var tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
                var previous = Interlocked.Exchange(ref _channel, channel);
                _tag = tag;
                previous?.Dispose();
            }
            finally
            {
                _attach.Release();
            }
        }

        private async Task OnReceivedAsync(IChannel channel, BasicDeliverEventArgs ea)
        {
            owner.Counters.CountDelivered();
            var p = ea.BasicProperties;
            // ea.Body is only valid during this handler: copy it.
            var message = new TransportMessage(p.Type ?? "", ea.Body.ToArray(), p.ReplyTo, p.CorrelationId, Headers: ReadHeaders(p.Headers));
            var tag = ea.DeliveryTag;
            var delivery = new Delivery(queue, message, ea.Redelivered, (ack, requeue, ct) => owner.SettleAsync(channel, tag, ack, requeue, queue, ct));
            await onDelivery(delivery, _stopping.Token).ConfigureAwait(false);
        }

        public async ValueTask StopAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _cancelled, 1) != 0) return;
            owner._topology.Remove(this);
            if (_channel is not { IsOpen: true } channel || _tag is null) return;
            try
            {
                await channel.BasicCancelAsync(_tag, noWait: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
            {
                // channel already gone: nothing is being delivered any more
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            Interlocked.Exchange(ref _cancelled, 1);
            owner._topology.Remove(this);
            await _stopping.CancelAsync().ConfigureAwait(false);
            if (_channel is { } channel)
            {
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
            }
            _stopping.Dispose();
        }
    }
}
