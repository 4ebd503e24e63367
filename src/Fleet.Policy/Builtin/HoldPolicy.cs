using Fleet.Policy.Abstractions;

namespace Fleet.Policy.Builtin;

/// <summary>Settings of <see cref="HoldPolicy"/>.</summary>
/// <param name="Joints">State and action width (6 for an SO-101).</param>
/// <param name="ChunkSize">Actions per chunk.</param>
/// <param name="SimulatedLatency">Delay per prediction; null for none.</param>
public sealed record HoldPolicyOptions(int Joints = 6, int ChunkSize = 50, TimeSpan? SimulatedLatency = null);

/// <summary>Answers every observation with a chunk that repeats its state: the arm stays where it is.</summary>
public sealed class HoldPolicy : BuiltinPolicy
{
    /// <summary>The type name the factory knows it by.</summary>
    public const string TypeName = "hold";

    /// <summary>Creates the policy.</summary>
    /// <exception cref="ArgumentException">Joints or chunk size are not positive.</exception>
    public HoldPolicy(HoldPolicyOptions options, TimeProvider? clock = null)
        : base(Describe(options), options.SimulatedLatency ?? TimeSpan.Zero, clock)
    {
    }

    /// <inheritdoc />
    protected override void FillChunk(PolicyInput input, Span<float> actions)
    {
        var state = input.State.Span;
        for (int i = 0; i < Descriptor.ChunkSize; i++) state.CopyTo(actions.Slice(i * Descriptor.ActionDim, Descriptor.ActionDim));
    }

    private static PolicyDescriptor Describe(HoldPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        BuiltinChecks.Positive(TypeName, "joints", options.Joints);
        BuiltinChecks.Positive(TypeName, "chunk-size", options.ChunkSize);
        return new PolicyDescriptor(TypeName, options.ChunkSize, options.Joints, options.Joints, []);
    }
}
