using System.Globalization;
using Fleet.Hardware.Feetech.Protocol;

namespace Fleet.Hardware.Simulation;

/// <summary>
/// Faults a simulated bus injects, parsed from a SPEC string such as
/// <c>drop=0.05,corrupt=0.01,noise=0.1:8,delay=0.02:30,error=overload@6,disconnect=2s,seed=7</c>.
/// </summary>
/// <remarks>
/// Items, comma-separated, each optional (docs/hardware.md has the same table):
/// <list type="bullet">
/// <item><c>drop=P</c>: each reply packet is not sent, with probability P (0..1).</item>
/// <item><c>corrupt=P</c>: each reply's checksum byte is inverted, with probability P.</item>
/// <item><c>noise=P[:N]</c>: 1..N (default 8) random bytes precede a reply, with probability P.</item>
/// <item><c>delay=P:MS</c>: a request's replies are held back MS milliseconds, with probability P.</item>
/// <item><c>error=FLAG[+FLAG…][@ID]</c>: replies of servo ID (every servo without <c>@ID</c>) carry the error bits;
/// FLAG is voltage, angle, overheat, overcurrent or overload. May repeat for several ids.</item>
/// <item><c>disconnect=N</c> (after N instruction packets) or <c>disconnect=Tms</c> / <c>Ts</c> (after a time): the
/// simulator hangs up the port, as an unplugged adapter does.</item>
/// <item><c>seed=N</c>: seed of the random choices, for reproducible runs (default 1).</item>
/// </list>
/// </remarks>
public sealed record FaultSpec
{
    /// <summary>No faults.</summary>
    public static FaultSpec None { get; } = new();

    /// <summary>Probability that a reply is dropped.</summary>
    public double Drop { get; init; }

    /// <summary>Probability that a reply's checksum is corrupted.</summary>
    public double Corrupt { get; init; }

    /// <summary>Probability that noise bytes precede a reply.</summary>
    public double Noise { get; init; }

    /// <summary>Most noise bytes per injection.</summary>
    public int NoiseBytes { get; init; } = 8;

    /// <summary>Probability that a request's replies are delayed.</summary>
    public double Delay { get; init; }

    /// <summary>How long a delayed reply waits.</summary>
    public TimeSpan DelayBy { get; init; }

    /// <summary>Error bits per servo id; key 0xFE applies to every servo.</summary>
    public IReadOnlyDictionary<byte, StatusError> Errors { get; init; } = new Dictionary<byte, StatusError>();

    /// <summary>Hang up after this many instruction packets (null: never).</summary>
    public int? DisconnectAfterPackets { get; init; }

    /// <summary>Hang up after this much time from the start of serving (null: never).</summary>
    public TimeSpan? DisconnectAfter { get; init; }

    /// <summary>Random seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The error bits servo <paramref name="id"/> reports.</summary>
    public StatusError ErrorFor(byte id) =>
        (Errors.TryGetValue(id, out var own) ? own : StatusError.None) | (Errors.TryGetValue(0xFE, out var all) ? all : StatusError.None);

    /// <summary>Parses a SPEC; null or empty gives <see cref="None"/>.</summary>
    /// <exception cref="FormatException">The SPEC is malformed; the message names the item and shows the valid form.</exception>
    public static FaultSpec Parse(string? spec)
    {
        var result = new FaultSpec();
        if (string.IsNullOrWhiteSpace(spec)) return result;
        var errors = new Dictionary<byte, StatusError>();
        foreach (var raw in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=');
            if (eq <= 0) throw Bad(raw, "expected key=value");
            var key = raw[..eq].Trim().ToLowerInvariant();
            var value = raw[(eq + 1)..].Trim();
            result = key switch
            {
                "drop" => result with { Drop = Probability(raw, value) },
                "corrupt" => result with { Corrupt = Probability(raw, value) },
                "noise" => ParseNoise(result, raw, value),
                "delay" => ParseDelay(result, raw, value),
                "error" => AddError(result, errors, raw, value),
                "disconnect" => ParseDisconnect(result, raw, value),
                "seed" => result with { Seed = Integer(raw, value) },
                _ => throw Bad(raw, "unknown fault; use drop, corrupt, noise, delay, error, disconnect or seed"),
            };
        }
        return result with { Errors = errors };
    }

    private static FaultSpec ParseNoise(FaultSpec s, string raw, string value)
    {
        var parts = value.Split(':');
        return s with { Noise = Probability(raw, parts[0]), NoiseBytes = parts.Length > 1 ? Math.Clamp(Integer(raw, parts[1]), 1, 64) : 8 };
    }

    private static FaultSpec ParseDelay(FaultSpec s, string raw, string value)
    {
        var parts = value.Split(':');
        if (parts.Length != 2) throw Bad(raw, "expected delay=P:MS, e.g. delay=0.1:30");
        return s with { Delay = Probability(raw, parts[0]), DelayBy = TimeSpan.FromMilliseconds(Integer(raw, parts[1])) };
    }

    private static FaultSpec AddError(FaultSpec s, Dictionary<byte, StatusError> errors, string raw, string value)
    {
        var at = value.IndexOf('@');
        var id = at < 0 ? (byte)0xFE : (byte)Math.Clamp(Integer(raw, value[(at + 1)..]), 0, 253);
        var flags = StatusError.None;
        foreach (var name in (at < 0 ? value : value[..at]).Split('+'))
        {
            flags |= name.Trim().ToLowerInvariant() switch
            {
                "voltage" => StatusError.Voltage,
                "angle" => StatusError.AngleSensor,
                "overheat" => StatusError.Overheat,
                "overcurrent" => StatusError.OverCurrent,
                "overload" => StatusError.Overload,
                _ => throw Bad(raw, "error flags are voltage, angle, overheat, overcurrent, overload (joined with +)"),
            };
        }
        errors[id] = (errors.TryGetValue(id, out var prior) ? prior : StatusError.None) | flags;
        return s;
    }

    private static FaultSpec ParseDisconnect(FaultSpec s, string raw, string value)
    {
        if (value.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
            return s with { DisconnectAfter = TimeSpan.FromMilliseconds(Integer(raw, value[..^2])) };
        if (value.EndsWith('s'))
            return s with { DisconnectAfter = TimeSpan.FromSeconds(Number(raw, value[..^1])) };
        return s with { DisconnectAfterPackets = Integer(raw, value) };
    }

    private static double Probability(string raw, string value)
    {
        var p = Number(raw, value);
        if (p is < 0 or > 1) throw Bad(raw, "a probability must be between 0 and 1");
        return p;
    }

    private static double Number(string raw, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw Bad(raw, $"'{value}' is not a number");

    private static int Integer(string raw, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 ? i : throw Bad(raw, $"'{value}' is not a non-negative integer");

    private static FormatException Bad(string item, string why) =>
        new($"Bad fault SPEC item '{item}': {why}. Example: drop=0.05,corrupt=0.01,noise=0.1:8,delay=0.02:30,error=overload@6,disconnect=2s,seed=7");
}
