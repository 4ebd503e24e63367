using Fleet.Hardware.Serial;

namespace Fleet.Hardware.Feetech;

/// <summary>
/// Finds the servos on a port, at one baud rate or across LeRobot's scan list: a broadcast ping per rate, then
/// model and firmware of every responder. What <c>fleet bus scan</c> prints.
/// </summary>
public static class BusScanner
{
    /// <summary>Scans <paramref name="portPath"/> at each rate of <paramref name="baudRates"/> (all of <see cref="BaudRateTable.ScanRates"/> when null).</summary>
    /// <param name="portPath">The serial device.</param>
    /// <param name="baudRates">Rates to try, in order.</param>
    /// <param name="options">Bus options, e.g. a shorter broadcast window.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <exception cref="SerialPortException">The port cannot be opened.</exception>
    public static async Task<IReadOnlyList<ServoInfo>> ScanAsync(string portPath, IEnumerable<int>? baudRates, FeetechBusOptions? options, CancellationToken cancellationToken)
    {
        var rates = (baudRates ?? BaudRateTable.ScanRates).ToList();
        using var bus = FeetechBus.Open(portPath, rates.Count > 0 ? rates[0] : BaudRateTable.Default, options);
        var found = new List<ServoInfo>();
        foreach (var rate in rates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (bus.Port.BaudRate != rate) bus.Port.SetBaudRate(rate);
            var responders = await bus.BroadcastPingAsync(cancellationToken);
            foreach (var id in responders.Keys)
            {
                try { found.Add(await bus.ReadInfoAsync(id, cancellationToken)); }
                catch (FeetechCommunicationException) { found.Add(new ServoInfo(id, 0, 0, 0, rate)); }
                catch (ServoErrorException) { found.Add(new ServoInfo(id, 0, 0, 0, rate)); }
            }
        }
        return found;
    }
}
