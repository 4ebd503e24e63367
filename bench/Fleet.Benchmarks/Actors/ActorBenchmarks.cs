using System.Globalization;

namespace Fleet.Benchmarks.Actors;

/// <summary>
/// The actor-kernel suite (<c>dotnet run -c Release --project bench/Fleet.Benchmarks -- --actors</c>): every figure
/// is measured next to its raw System.Threading.Channels baseline in the same process and printed with the ratio.
/// A custom harness rather than BenchmarkDotNet because throughput needs several producer threads and a consumer
/// that signals completion, and memory per actor needs a heap delta over 100,000 live actors.
/// </summary>
internal static class ActorBenchmarks
{
    public static void Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var messages = quick ? 2_000_000 : 10_000_000;
        var runs = quick ? 1 : 5;
        var spawnCount = quick ? 20_000 : 100_000;
        var asks = quick ? 20_000 : 100_000;
        Console.WriteLine($"Actor kernel benchmarks: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, best of {runs} alternating runs, load average {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| measurement | Fleet actors | raw channel | ratio (actors / channel) |");
        Console.WriteLine("|---|---|---|---|");

        var (actors11, channel11) = Harness.BestOfAlternating(runs, () => ActorMeasurements.Throughput(1, messages), () => ChannelBaselines.Throughput(1, messages));
        Row("tell throughput 1:1 (msg/s)", actors11, channel11, "N0");

        var producers = Math.Max(2, Environment.ProcessorCount * 2);
        var (actorsN1, channelN1) = Harness.BestOfAlternating(runs, () => ActorMeasurements.Throughput(producers, messages), () => ChannelBaselines.Throughput(producers, messages));
        Row($"tell throughput {producers}:1 (msg/s)", actorsN1, channelN1, "N0");

        var (askActors, askChannel) = Harness.BestOfAlternating(runs, () => ActorMeasurements.AskRoundTripMicros(asks), () => ChannelBaselines.RoundTripMicros(asks), higherIsBetter: false);
        Row("ask round trip (µs, lower is better)", askActors, askChannel, "N2");

        var (spawnActors, bytesActors) = ActorMeasurements.Spawn(spawnCount);
        var (spawnChannels, bytesChannels) = ChannelBaselines.Spawn(spawnCount);
        Row($"spawn rate ({spawnCount:N0}, per s)", spawnActors, spawnChannels, "N0");
        Row("memory per idle actor (bytes, lower is better)", bytesActors, bytesChannels, "N0");

        Console.WriteLine();
        Console.WriteLine($"targets: 1:1 >= 5,000,000 msg/s: {Verdict(actors11 >= 5_000_000)}; tell >= 0.5 x channel (1:1 {actors11 / channel11:0.00}, N:1 {actorsN1 / channelN1:0.00}): {Verdict(actors11 / channel11 >= 0.5 && actorsN1 / channelN1 >= 0.5)}; idle actor < 1 KB ({bytesActors:0} B): {Verdict(bytesActors < 1024)}");
    }

    private static void Row(string name, double actors, double channel, string format) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {actors.ToString(format, CultureInfo.InvariantCulture)} | {channel.ToString(format, CultureInfo.InvariantCulture)} | {actors / channel:0.00} |"));

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";
}
