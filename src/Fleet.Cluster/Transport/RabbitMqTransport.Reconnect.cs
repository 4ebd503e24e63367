using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Fleet.Cluster.Transport;

// Connection loss and reconnection with backoff: the topology and consumers this transport set up are restored.
public sealed partial class RabbitMqTransport
{
    private void Watch(Session session) => session.Connection.ConnectionShutdownAsync += (_, e) => OnShutdownAsync(session, e);

    private Task OnShutdownAsync(Session session, ShutdownEventArgs e)
    {
        if (_closing.IsCancellationRequested || _aborted || !ReferenceEquals(session, _session)) return Task.CompletedTask;
        Counters.CountConnectionLost();
        _log.LogWarning("Lost the connection of '{Name}' to RabbitMQ {Broker} ({Initiator}: {Reason}); reconnecting with backoff from {Min} ms up to {Max} ms.",
            Name, _options.SafeBroker, e.Initiator, e.ReplyText, (int)_options.EffectiveReconnect.MinBackoff.TotalMilliseconds,
            (int)_options.EffectiveReconnect.MaxBackoff.TotalMilliseconds);
        if (Interlocked.CompareExchange(ref _reconnecting, 1, 0) == 0)
            _ = Task.Run(ReconnectAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task ReconnectAsync()
    {
        var token = _closing.Token;
        try
        {
            // Drawn once per attempt (the jitter is random): the pause logged after a failure is the pause waited.
            var pause = _options.EffectiveReconnect.Delay(1);
            for (var attempt = 1; !token.IsCancellationRequested; attempt++)
            {
                await Task.Delay(pause, token).ConfigureAwait(false);
                Session? session = null;
                try
                {
                    session = await OpenAsync(_factory, Name, token).ConfigureAwait(false);
                    await RestoreAsync(session, token).ConfigureAwait(false);
                    _session = session;
                    Watch(session);
                    Counters.CountReconnect();
                    _log.LogInformation("'{Name}' reconnected to RabbitMQ {Broker} after {Attempts} attempt(s); queues, bindings and {Consumers} consumer(s) restored.",
                        Name, _options.SafeBroker, attempt, _topology.Consumers.Count);
                    return;
                }
                catch (Exception e) when (!token.IsCancellationRequested && e is not OutOfMemoryException)
                {
                    Counters.CountReconnectFailure();
                    if (session is not null) session.Connection.Dispose();
                    pause = _options.EffectiveReconnect.Delay(attempt + 1);
                    _log.LogWarning("'{Name}' could not reconnect to RabbitMQ {Broker} (attempt {Attempt}: {Error}); next attempt in {Pause} ms.",
                        Name, _options.SafeBroker, attempt, e.InnerException?.Message ?? e.Message, (int)pause.TotalMilliseconds);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // disposed while the broker was away
        }
        finally
        {
            Volatile.Write(ref _reconnecting, 0);
        }
        // A loss that happened while the new session was being restored would have been ignored: look again.
        if (!token.IsCancellationRequested && !_session.Connection.IsOpen && Interlocked.CompareExchange(ref _reconnecting, 1, 0) == 0)
            _ = Task.Run(ReconnectAsync, CancellationToken.None);
    }

    private async Task RestoreAsync(Session session, CancellationToken cancellationToken)
    {
        foreach (var (exchange, durable) in _topology.Exchanges)
            await session.Admin.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var spec in _topology.Queues)
            await DeclareAsync(session.Admin, spec, cancellationToken).ConfigureAwait(false);
        foreach (var (queue, exchange) in _topology.Bindings)
            await session.Admin.QueueBindAsync(queue, exchange, "", cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var consumer in _topology.Consumers)
            await consumer.AttachAsync(session.Connection, cancellationToken).ConfigureAwait(false);
    }

    // What this transport declared and consumes, in declaration order, to set up again after a reconnection.
    private sealed class DeclaredTopology
    {
        private readonly object _gate = new();
        private readonly List<(string Exchange, bool Durable)> _exchanges = [];
        private readonly List<QueueSpec> _queues = [];
        private readonly List<(string Queue, string Exchange)> _bindings = [];
        private readonly List<RabbitConsumer> _consumers = [];

        public IReadOnlyList<(string Exchange, bool Durable)> Exchanges { get { lock (_gate) return [.. _exchanges]; } }
        public IReadOnlyList<QueueSpec> Queues { get { lock (_gate) return [.. _queues]; } }
        public IReadOnlyList<(string Queue, string Exchange)> Bindings { get { lock (_gate) return [.. _bindings]; } }
        public IReadOnlyList<RabbitConsumer> Consumers { get { lock (_gate) return [.. _consumers]; } }

        public void AddExchange(string exchange, bool durable)
        {
            lock (_gate) if (!_exchanges.Contains((exchange, durable))) _exchanges.Add((exchange, durable));
        }

        public void Add(QueueSpec spec)
        {
            lock (_gate) if (!_queues.Contains(spec)) _queues.Add(spec);
        }

        public void AddBinding(string queue, string exchange)
        {
            lock (_gate) if (!_bindings.Contains((queue, exchange))) _bindings.Add((queue, exchange));
        }

        public void Add(RabbitConsumer consumer)
        {
            lock (_gate) _consumers.Add(consumer);
        }

        public void Remove(RabbitConsumer consumer)
        {
            lock (_gate) _consumers.Remove(consumer);
        }
    }
}
