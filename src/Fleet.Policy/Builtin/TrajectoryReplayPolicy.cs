using Fleet.Policy.Abstractions;

namespace Fleet.Policy.Builtin;

/// <summary>Settings of <see cref="TrajectoryReplayPolicy"/>.</summary>
/// <param name="Waypoints">One action per timestep, all of the same width; timestep t plays waypoint t.</param>
/// <param name="ChunkSize">Actions per chunk.</param>
/// <param name="Loop">After the last waypoint: start again (true) or hold the last one (false).</param>
/// <param name="SimulatedLatency">Delay per prediction; null for none.</param>
public sealed record TrajectoryReplayPolicyOptions(
    IReadOnlyList<float[]> Waypoints,
    int ChunkSize = 50,
    bool Loop = false,
    TimeSpan? SimulatedLatency = null);

/// <summary>
/// Replays a recorded or scripted trajectory: the action for timestep t is waypoint t (wrapped when looping,
/// else the last one held), regardless of the observed state. Waypoints come from code or from a CSV file
/// (<see cref="TrajectoryCsv"/>). The reference task of the async-versus-sync comparison.
/// </summary>
public sealed class TrajectoryReplayPolicy : BuiltinPolicy
{
    /// <summary>The type name the factory knows it by.</summary>
    public const string TypeName = "trajectory_replay";

    private readonly float[][] _waypoints;
    private readonly bool _loop;

    /// <summary>Creates the policy.</summary>
    /// <exception cref="ArgumentException">No waypoints, or waypoints of different widths; the message names the first bad one.</exception>
    public TrajectoryReplayPolicy(TrajectoryReplayPolicyOptions options, TimeProvider? clock = null)
        : base(Describe(options), options.SimulatedLatency ?? TimeSpan.Zero, clock)
    {
        _waypoints = options.Waypoints.Select(w => w.ToArray()).ToArray();
        _loop = options.Loop;
    }

    /// <summary>Number of waypoints.</summary>
    public int Length => _waypoints.Length;

    /// <summary>The waypoint played at <paramref name="timestep"/>.</summary>
    public ReadOnlySpan<float> WaypointAt(long timestep)
    {
        long n = _waypoints.Length;
        long index = timestep < 0 ? 0 : _loop ? timestep % n : Math.Min(timestep, n - 1);
        return _waypoints[index];
    }

    /// <inheritdoc />
    protected override void FillChunk(PolicyInput input, Span<float> actions)
    {
        int dim = Descriptor.ActionDim;
        for (int i = 0; i < Descriptor.ChunkSize; i++) WaypointAt(input.Timestep + i).CopyTo(actions.Slice(i * dim, dim));
    }

    private static PolicyDescriptor Describe(TrajectoryReplayPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Waypoints);
        if (options.Waypoints.Count == 0)
            throw new ArgumentException($"Policy '{TypeName}': the trajectory has no waypoints.");
        int dim = options.Waypoints[0].Length;
        if (dim == 0) throw new ArgumentException($"Policy '{TypeName}': waypoint 0 is empty.");
        for (int i = 1; i < options.Waypoints.Count; i++)
            if (options.Waypoints[i].Length != dim)
                throw new ArgumentException($"Policy '{TypeName}': waypoint {i} has {options.Waypoints[i].Length} values, waypoint 0 has {dim}.");
        BuiltinChecks.Positive(TypeName, "chunk-size", options.ChunkSize);
        return new PolicyDescriptor(TypeName, options.ChunkSize, dim, dim, []);
    }
}
