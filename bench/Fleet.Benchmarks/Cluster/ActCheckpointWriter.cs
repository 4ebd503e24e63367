using Fleet.Policy.Act;

namespace Fleet.Benchmarks.Cluster;

/// <summary>
/// LeRobot's default ACT with random weights (<see cref="RandomActSpec.LeRobotDefault"/>), for speed measurements only:
/// the cost of a forward pass does not depend on the weights' values.
/// </summary>
internal static class ActCheckpointWriter
{
    public static Task WriteAsync(string directory, int height, int width) =>
        RandomActCheckpoint.WriteAsync(directory, RandomActSpec.LeRobotDefault(height, width));
}
