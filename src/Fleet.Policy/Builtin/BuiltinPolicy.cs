using Fleet.Policy.Abstractions;

namespace Fleet.Policy.Builtin;

/// <summary>
/// Base of the scripted built-in policies: checks each input's state width, waits the simulated latency
/// (honouring cancellation) and asks the subclass for one chunk per input.
/// </summary>
public abstract class BuiltinPolicy : IPolicy
{
    private readonly TimeProvider _clock;

    /// <summary>Creates the base.</summary>
    /// <param name="descriptor">What the policy consumes and produces.</param>
    /// <param name="simulatedLatency">Delay added to every prediction, to stand in for a real model in tests and demos.</param>
    /// <param name="clock">Clock of the delay; the system clock when null.</param>
    protected BuiltinPolicy(PolicyDescriptor descriptor, TimeSpan simulatedLatency, TimeProvider? clock)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (simulatedLatency < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(simulatedLatency), simulatedLatency, "Simulated latency cannot be negative.");
        Descriptor = descriptor;
        SimulatedLatency = simulatedLatency;
        _clock = clock ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public PolicyDescriptor Descriptor { get; }

    /// <summary>Delay added to every prediction.</summary>
    public TimeSpan SimulatedLatency { get; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PolicyOutput>> PredictAsync(IReadOnlyList<PolicyInput> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var input in batch)
            if (input.State.Length != Descriptor.StateDim)
                throw new PolicyInputException(
                    $"Policy '{Descriptor.Type}' expects observation.state of {Descriptor.StateDim} values but got {input.State.Length}. " +
                    "Check that the policy's joint count matches the robot's motors.");
        if (SimulatedLatency > TimeSpan.Zero)
            await Task.Delay(SimulatedLatency, _clock, cancellationToken).ConfigureAwait(false);
        else
            cancellationToken.ThrowIfCancellationRequested();
        var outputs = new PolicyOutput[batch.Count];
        for (int b = 0; b < batch.Count; b++)
        {
            var actions = new float[Descriptor.ChunkSize * Descriptor.ActionDim];
            FillChunk(batch[b], actions);
            outputs[b] = new PolicyOutput(actions, Descriptor.ActionDim);
        }
        return outputs;
    }

    /// <summary>Writes the <c>ChunkSize × ActionDim</c> actions answering <paramref name="input"/>; action i is for timestep <c>input.Timestep + i</c>.</summary>
    protected abstract void FillChunk(PolicyInput input, Span<float> actions);

    /// <summary>Nothing to release.</summary>
    public void Dispose() => GC.SuppressFinalize(this);
}
