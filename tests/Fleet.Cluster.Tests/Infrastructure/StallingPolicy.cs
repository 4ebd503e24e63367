using System.Collections.Concurrent;
using Fleet.Policy.Abstractions;

namespace Fleet.Cluster.Tests.Infrastructure;

/// <summary>
/// Wraps a real policy and stalls every forward pass until <see cref="Release"/> (a hung GPU, a slow batch), so tests
/// can hold requests unacknowledged in a worker. Records each batch's size.
/// </summary>
public sealed class StallingPolicy(IPolicy inner) : IPolicy
{
    private volatile TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public int Entered => BatchSizes.Count;

    public PolicyDescriptor Descriptor => inner.Descriptor;

    public void Release() => _gate.TrySetResult();

    public async ValueTask<IReadOnlyList<PolicyOutput>> PredictAsync(IReadOnlyList<PolicyInput> batch, CancellationToken cancellationToken)
    {
        BatchSizes.Enqueue(batch.Count);
        await _gate.Task.WaitAsync(cancellationToken);
        return await inner.PredictAsync(batch, cancellationToken);
    }

    public void Dispose() => inner.Dispose();
}
