using Fleet.Policy.Abstractions;

namespace Fleet.Actors.Tests.Infrastructure;

/// <summary>
/// Fault injector: a real policy behind a gate. While <see cref="Stall"/> is in force, predictions wait (as a hung
/// GPU worker would) until <see cref="Resume"/> or cancellation; otherwise they pass straight to the inner policy.
/// </summary>
internal sealed class GatedPolicy(IPolicy inner) : IPolicy
{
    private readonly object _gate = new();
    private TaskCompletionSource? _stalled;
    private int _calls;

    public PolicyDescriptor Descriptor => inner.Descriptor;

    /// <summary>Predictions that reached the policy, stalled or not.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public void Stall()
    {
        lock (_gate) _stalled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Resume()
    {
        TaskCompletionSource? stalled;
        lock (_gate) (stalled, _stalled) = (_stalled, null);
        stalled?.TrySetResult();
    }

    public async ValueTask<IReadOnlyList<PolicyOutput>> PredictAsync(IReadOnlyList<PolicyInput> batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Task? wait;
        lock (_gate) wait = _stalled?.Task;
        if (wait is not null) await wait.WaitAsync(cancellationToken);
        return await inner.PredictAsync(batch, cancellationToken);
    }

    public void Dispose() => inner.Dispose();
}
