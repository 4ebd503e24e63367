using Fleet.Policy.Abstractions;

namespace Fleet.Policy.Builtin;

/// <summary>Settings of <see cref="SinusoidPolicy"/>. Per-joint lists take one value per joint, or one value for all.</summary>
/// <param name="Joints">State and action width.</param>
/// <param name="ChunkSize">Actions per chunk.</param>
/// <param name="Fps">Control rate the timesteps tick at; converts a timestep to seconds.</param>
/// <param name="Amplitude">Per joint, in the arm's units (degrees); default 10.</param>
/// <param name="FrequencyHz">Per joint, in hertz; default 0.25.</param>
/// <param name="PhaseRadians">Per joint; default 0.</param>
/// <param name="Offset">Per joint centre of the motion; default 0.</param>
/// <param name="SimulatedLatency">Delay per prediction; null for none.</param>
public sealed record SinusoidPolicyOptions(
    int Joints = 6,
    int ChunkSize = 50,
    double Fps = 30,
    IReadOnlyList<float>? Amplitude = null,
    IReadOnlyList<float>? FrequencyHz = null,
    IReadOnlyList<float>? PhaseRadians = null,
    IReadOnlyList<float>? Offset = null,
    TimeSpan? SimulatedLatency = null);

/// <summary>
/// A smooth scripted motion: joint j at timestep t is <c>offset_j + amplitude_j·sin(2π·f_j·t/fps + phase_j)</c>.
/// It depends only on the timestep, so the chunks of overlapping requests agree where they overlap and the
/// merged motion stays smooth whatever the latency: a good check that timesteps are aligned end to end.
/// </summary>
public sealed class SinusoidPolicy : BuiltinPolicy
{
    /// <summary>The type name the factory knows it by.</summary>
    public const string TypeName = "sinusoid";

    private readonly float[] _amplitude, _frequency, _phase, _offset;
    private readonly double _fps;

    /// <summary>Creates the policy.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public SinusoidPolicy(SinusoidPolicyOptions options, TimeProvider? clock = null)
        : base(Describe(options), options.SimulatedLatency ?? TimeSpan.Zero, clock)
    {
        _amplitude = BuiltinChecks.PerJoint(TypeName, "amplitude", options.Amplitude, options.Joints, 10f);
        _frequency = BuiltinChecks.PerJoint(TypeName, "frequency", options.FrequencyHz, options.Joints, 0.25f);
        _phase = BuiltinChecks.PerJoint(TypeName, "phase", options.PhaseRadians, options.Joints, 0f);
        _offset = BuiltinChecks.PerJoint(TypeName, "offset", options.Offset, options.Joints, 0f);
        _fps = options.Fps;
    }

    /// <summary>The goal of <paramref name="joint"/> at <paramref name="timestep"/>.</summary>
    public float ValueAt(long timestep, int joint) =>
        (float)(_offset[joint] + _amplitude[joint] * Math.Sin(2 * Math.PI * _frequency[joint] * timestep / _fps + _phase[joint]));

    /// <inheritdoc />
    protected override void FillChunk(PolicyInput input, Span<float> actions)
    {
        int dim = Descriptor.ActionDim;
        for (int i = 0; i < Descriptor.ChunkSize; i++)
            for (int j = 0; j < dim; j++)
                actions[i * dim + j] = ValueAt(input.Timestep + i, j);
    }

    private static PolicyDescriptor Describe(SinusoidPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        BuiltinChecks.Positive(TypeName, "joints", options.Joints);
        BuiltinChecks.Positive(TypeName, "chunk-size", options.ChunkSize);
        if (!(options.Fps > 0)) throw new ArgumentException($"Policy '{TypeName}': fps = {options.Fps} must be positive.");
        return new PolicyDescriptor(TypeName, options.ChunkSize, options.Joints, options.Joints, []);
    }
}
