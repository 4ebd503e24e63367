using System.Threading.Channels;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Policy.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Cluster.Pool;

/// <summary>
/// The policy side of the remote pool: consumes one policy's request queue with prefetch = <see cref="PolicyWorkerOptions.MaxBatch"/>,
/// gathers what is waiting into a batch (up to MaxBatch, waiting at most MaxWait for the first one's company), runs
/// the <see cref="IPolicy"/> once per batch, publishes each reply to the requester's reply queue, and acknowledges a
/// request only after its reply was published, so a worker that dies mid-batch leaves its requests to another.
/// A message that cannot be decoded, or is not a request for this policy, is moved to <see cref="Topology.DeadLetterQueue"/>
/// with the reason, logged and counted; the worker carries on. Requests already past their deadline are dropped.
/// </summary>
public sealed partial class PolicyWorkerHost : IAsyncDisposable
{
    private readonly ITransport _transport;
    private readonly IPolicy _policy;
    private readonly WireCodec _codec;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly FrameBuffers? _buffers;
    private readonly Channel<Delivery> _inbox = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private IConsumer? _consumer;
    private Task _loop = Task.CompletedTask;
    private int _busy;

    /// <summary>Creates a worker; nothing happens until <see cref="StartAsync"/>.</summary>
    public PolicyWorkerHost(ITransport transport, IPolicy policy, WireCodec codec, PolicyWorkerOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        if (options.MaxBatch is < 1 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBatch, $"Worker '{options.Worker}': max-batch must be 1..65535.");
        _transport = transport;
        _policy = policy;
        _codec = codec;
        Options = options;
        _log = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _buffers = options.ReuseFrameBuffers ? new FrameBuffers { MaxPerSize = Math.Max(32, 4 * options.MaxBatch) } : null;
    }

    /// <summary>The options in force.</summary>
    public PolicyWorkerOptions Options { get; }

    /// <summary>What this worker did so far.</summary>
    public WorkerCounters Counters { get; } = new();

    /// <summary>Decoded frames that got a reused pixel array instead of a fresh one (<see cref="PolicyWorkerOptions.ReuseFrameBuffers"/>).</summary>
    public long ReusedFrameBuffers => _buffers?.Reused ?? 0;

    /// <summary>Requests currently held (received, not yet acknowledged) as a fraction of the batch capacity, 0..1.</summary>
    public double Load => Math.Min(1.0, Volatile.Read(ref _busy) / (double)Options.MaxBatch);

    /// <summary>Completes when the worker stopped: after <see cref="LeaveAsync"/> finished its batch, or on dispose.</summary>
    public Task Completion => _loop;

    /// <summary>Declares the request and dead-letter queues and starts consuming.</summary>
    /// <exception cref="TransportUnavailableException">The broker is not reachable.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = Options;
        await _transport.DeclareQueueAsync(Topology.RequestQueueSpec(o.Policy, o.EffectiveRequestDeadline, o.MaxQueueLength), cancellationToken).ConfigureAwait(false);
        await _transport.DeclareQueueAsync(Topology.DeadLetterQueueSpec, cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => RunAsync(_abort.Token), CancellationToken.None);
        _consumer = await _transport.ConsumeAsync(Topology.RequestQueue(o.Policy), (ushort)o.MaxBatch, OnDeliveryAsync, cancellationToken).ConfigureAwait(false);
        _log.LogInformation("Worker {Worker} consumes {Queue} (max batch {MaxBatch}, max wait {MaxWait} ms).",
            o.Worker, Topology.RequestQueue(o.Policy), o.MaxBatch, o.EffectiveMaxWait.TotalMilliseconds);
    }

    /// <summary>
    /// Leaves gracefully: stops taking requests, finishes (replies to and acknowledges) what it already holds, then
    /// closes its consumer. What it never received stays in the queue for the other workers. The wait for the batch in
    /// flight is bounded by <see cref="PolicyWorkerOptions.EffectiveLeaveTimeout"/>: a batch still running then is
    /// abandoned (cancelled, left unacknowledged, so the broker redelivers it) and this returns false.
    /// </summary>
    /// <returns>True when everything held was answered and acknowledged before leaving.</returns>
    public async Task<bool> LeaveAsync(CancellationToken cancellationToken)
    {
        if (_consumer is { } consumer) await consumer.StopAsync(cancellationToken).ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        var finished = true;
        try
        {
            await _loop.WaitAsync(Options.EffectiveLeaveTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            finished = false;
            _log.LogWarning("Worker {Worker}: its batch was still running {Timeout:0.###} s after it began to leave (fleet.cluster.pool.leave-timeout); " +
                "it is abandoned unacknowledged, so the broker gives those requests to another worker.", Options.Worker, Options.EffectiveLeaveTimeout.TotalSeconds);
            await _abort.CancelAsync().ConfigureAwait(false);
        }
        if (_consumer is { } c) await c.DisposeAsync().ConfigureAwait(false);
        _consumer = null;
        if (finished) _log.LogInformation("Worker {Worker} left after finishing its batch ({Counters}).", Options.Worker, Counters);
        return finished;
    }

    /// <summary>Stops at once: requests not yet acknowledged go back to the queue for other workers.</summary>
    public async ValueTask DisposeAsync()
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        if (_consumer is { } c) await c.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // aborted mid-batch: those requests are redelivered
        }
        _abort.Dispose();
    }

    private ValueTask OnDeliveryAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _busy);
        if (delivery.Redelivered) Counters.CountRedelivered();
        if (!_inbox.Writer.TryWrite(delivery)) Interlocked.Decrement(ref _busy); // leaving: it returns to the queue on dispose
        return ValueTask.CompletedTask;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _inbox.Reader;
        var batch = new List<Delivery>(Options.MaxBatch);
        var admitting = new List<Task<PredictChunk?>>(Options.MaxBatch);
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Clear();
            admitting.Clear();
            await FillBatchAsync(reader, batch, admitting, cancellationToken).ConfigureAwait(false);
            try
            {
                await ServeAsync(batch, admitting, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Add(ref _busy, -batch.Count);
            }
        }
    }

    // Gathers the batch. While it waits for company (max-wait), the requests already here are decoded on the pool
    // (StartAdmissions), so the wait hides their JPEG work instead of adding to it.
    private async Task FillBatchAsync(ChannelReader<Delivery> reader, List<Delivery> batch, List<Task<PredictChunk?>> admitting, CancellationToken cancellationToken)
    {
        while (batch.Count < Options.MaxBatch && reader.TryRead(out var first)) batch.Add(first);
        if (batch.Count >= Options.MaxBatch || Options.EffectiveMaxWait <= TimeSpan.Zero) return;
        var eager = Options.DecodeWhileGathering;
        if (eager) StartAdmissions(batch, admitting, cancellationToken);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(Options.EffectiveMaxWait);
        try
        {
            while (batch.Count < Options.MaxBatch && await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
            {
                while (batch.Count < Options.MaxBatch && reader.TryRead(out var more)) batch.Add(more);
                if (eager) StartAdmissions(batch, admitting, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // max wait reached: run with what we have
        }
    }

    // Starts decoding (admitting) every delivery of the batch that is not being admitted yet, each on the thread pool.
    private void StartAdmissions(List<Delivery> batch, List<Task<PredictChunk?>> admitting, CancellationToken cancellationToken)
    {
        for (var i = admitting.Count; i < batch.Count; i++)
        {
            var delivery = batch[i];
            admitting.Add(Task.Run(() => AdmitAsync(delivery, cancellationToken), cancellationToken));
        }
    }
}
