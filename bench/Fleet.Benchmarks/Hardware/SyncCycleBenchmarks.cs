using BenchmarkDotNet.Attributes;
using Fleet.Hardware.Feetech;
using Fleet.Hardware.Simulation;
using Fleet.Hardware.So101;

namespace Fleet.Benchmarks.Hardware;

/// <summary>
/// One servo tick of an SO-101 over a real pty: SYNC_READ Present_Position of 6 motors, then SYNC_WRITE Goal_Position.
/// With <see cref="RealisticTiming"/> the simulator holds each reply for its wire time at 1 Mbps (request 14 bytes +
/// six 8-byte replies = 620 µs); host overhead = mean − 620 µs. Without it, the mean is all overhead (both sides:
/// the bus client and the in-process simulator, two thread wake-ups per cycle).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class SyncCycleBenchmarks
{
    /// <summary>Wire time the simulator waits per cycle at 1 Mbps: (14 + 6 × 8) bytes × 10 µs.</summary>
    public const double WireMicroseconds = (14 + 6 * 8) * 10.0;

    private static readonly byte[] Ids = So101Motor.Ids();
    private readonly int[] _positions = new int[6];
    private readonly int[] _goals = [2047, 2047, 2047, 2047, 2047, 2047];
    private SimulatedArmBus _arm = null!;
    private FeetechBus _bus = null!;

    [Params(false, true)]
    public bool RealisticTiming { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _arm = new SimulatedArmBus(new SimulatedArmOptions(RealisticTiming: RealisticTiming));
        _bus = FeetechBus.Open(_arm.PortPath);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bus.Dispose();
        _arm.Dispose();
    }

    [Benchmark]
    public async Task SyncReadThenSyncWrite()
    {
        await _bus.SyncReadAsync(ControlTable.PresentPosition, Ids, _positions, CancellationToken.None);
        await _bus.SyncWriteAsync(ControlTable.GoalPosition, Ids, _goals, CancellationToken.None);
    }
}
