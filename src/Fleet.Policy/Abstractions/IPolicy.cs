using Fleet.Messages;

namespace Fleet.Policy.Abstractions;

/// <summary>
/// A policy that turns a batch of observations into action chunks. Implementations: the built-in test and
/// demo policies, ACT, SmolVLA. One instance is used by one worker at a time (it may keep scratch buffers);
/// the pool creates one instance per worker.
/// </summary>
public interface IPolicy : IDisposable
{
    /// <summary>What the policy consumes and produces.</summary>
    PolicyDescriptor Descriptor { get; }

    /// <summary>
    /// Predicts one chunk per input, in input order. Inputs carry raw (un-normalized) state and images;
    /// outputs are un-normalized actions of <see cref="PolicyDescriptor.ChunkSize"/> × <see cref="PolicyDescriptor.ActionDim"/>.
    /// </summary>
    /// <exception cref="PolicyInputException">An input disagrees with the descriptor (dims, image keys or sizes).</exception>
    ValueTask<IReadOnlyList<PolicyOutput>> PredictAsync(IReadOnlyList<PolicyInput> batch, CancellationToken cancellationToken);
}
