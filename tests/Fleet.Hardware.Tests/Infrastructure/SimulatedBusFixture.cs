using Fleet.Hardware.Feetech;
using Fleet.Hardware.Simulation;

namespace Fleet.Hardware.Tests.Infrastructure;

/// <summary>A simulated six-servo bus on a real pty, served by its own host thread, and a bus client on its slave side.</summary>
internal sealed class SimulatedBusFixture : IDisposable
{
    public SimulatedBusFixture(FaultSpec? faults = null, bool realisticTiming = false, FeetechBusOptions? options = null, IEnumerable<byte>? ids = null)
    {
        Host = new ServoBusHost();
        Simulator = new ServoBusSimulator(ids ?? [1, 2, 3, 4, 5, 6], faults, realisticTiming);
        Host.Add(Simulator);
        Bus = FeetechBus.Open(Simulator.PortPath, options: options ?? Tolerant);
    }

    /// <summary>
    /// Generous timeouts and retries: the test machine is shared by parallel builds (load well above its two cores),
    /// and these tests check behaviour, not latency. Fault tests pass their own options.
    /// </summary>
    public static FeetechBusOptions Tolerant { get; } = new(LatencyMs: 150, ReadRetries: 2, WriteRetries: 2, BroadcastPingTimeout: TimeSpan.FromMilliseconds(300));

    public ServoBusHost Host { get; }

    public ServoBusSimulator Simulator { get; }

    public FeetechBus Bus { get; }

    public void Dispose()
    {
        Bus.Dispose();
        var failure = Host.Failure;
        Host.Dispose();
        if (failure is not null) throw new InvalidOperationException("The simulator thread failed.", failure);
    }
}
