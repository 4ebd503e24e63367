using System.CommandLine;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Act;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Node.Cli;

/// <summary>
/// The <c>fleet policy</c> palette: <c>predict</c> runs a LeRobot checkpoint on an observation file and writes the
/// actions; <c>bench</c> measures latency and throughput. Bad checkpoints or inputs exit with code 2 and one line
/// on stderr naming the file, the key and the expected shape.
/// </summary>
internal static class PolicyCommands
{
    /// <summary>Exit code for a checkpoint or input the user must fix.</summary>
    public const int BadInput = 2;

    /// <summary>Builds <c>fleet policy</c> with its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("policy", "Run and measure LeRobot policy checkpoints on the CPU.");
        command.Subcommands.Add(Predict());
        command.Subcommands.Add(Bench());
        return command;
    }

    private static Option<string> PathOption() =>
        new("--path") { Description = "LeRobot checkpoint folder (config.json, model.safetensors, normalization stats).", Required = true };

    private static Option<int> ThreadsOption() =>
        new("--threads") { Description = "Compute threads (default: one per core).", DefaultValueFactory = _ => Environment.ProcessorCount };

    private static Command Predict()
    {
        var path = PathOption();
        var observation = new Option<string>("--observation") { Description = "safetensors with observation.state [B, state_dim] and observation.images.<name> [B, 3, H, W] float32 in [0,1]; for smolvla optionally observation.language.tokens/attention_mask [B, L].", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write 'action' [B, chunk_size, action_dim] (un-normalized) as safetensors.", Required = true };
        var threads = ThreadsOption();
        var task = new Option<string?>("--task") { Description = "smolvla: task text for every observation (needs tokenizer.json; see docs/policy.md), used when the file has no language tokens." };
        var noise = new Option<string?>("--noise") { Description = "smolvla: safetensors with 'noise' [B, chunk_size, max_action_dim] float32 (for reproducing a reference)." };
        var seed = new Option<ulong>("--seed") { Description = "smolvla: seed of the initial noise when --noise is not given.", DefaultValueFactory = _ => 0 };
        var command = new Command("predict", "Predict one action chunk per observation of a batch.") { path, observation, output, threads, task, noise, seed };
        command.SetAction((result, ct) => Guard(result, async () =>
        {
            string directory = result.GetValue(path)!, outPath = result.GetValue(output)!;
            var (batch, chunk, actionDim, actions) = PolicyType(directory) switch
            {
                "smolvla" => SmolVlaCommands.Predict(directory, result.GetValue(threads), result.GetValue(observation)!, result.GetValue(task), result.GetValue(noise), result.GetValue(seed)),
                _ => PredictAct(directory, result.GetValue(threads), result.GetValue(observation)!, result.GetValue(task) ?? result.GetValue(noise)),
            };
            await SafetensorsWriter.WriteAsync(outPath, [new NamedTensor("action", [batch, chunk, actionDim], actions)], ct);
            await result.InvocationConfiguration.Output.WriteLineAsync($"wrote action [{batch}, {chunk}, {actionDim}] to {outPath}");
        }));
        return command;
    }

    private static (int Batch, int Chunk, int ActionDim, float[] Actions) PredictAct(string directory, int threads, string observationPath, string? smolVlaOnly)
    {
        if (smolVlaOnly is not null)
            throw new PolicyInputException("--task and --noise apply to smolvla checkpoints only; ACT takes no task text and no noise.");
        using var policy = LoadAct(directory, threads);
        var (batch, state, images) = ObservationFile.Read(observationPath, policy.Config);
        return (batch, policy.Config.ChunkSize, policy.Config.ActionDim, policy.Predict(batch, state, images));
    }

    private static Command Bench()
    {
        var path = PathOption();
        var batches = new Option<string>("--batch") { Description = "Comma-separated batch sizes.", DefaultValueFactory = _ => "1,4,8" };
        var threads = ThreadsOption();
        var iterations = new Option<int>("--iterations") { Description = "Timed predictions per batch size.", DefaultValueFactory = _ => 5 };
        var command = new Command("bench", "Measure latency and throughput on synthetic observations of the configured sizes.") { path, batches, threads, iterations };
        command.SetAction((result, ct) => Guard(result, async () =>
        {
            var sizes = ParseBatches(result.GetValue(batches)!);
            if (PolicyType(result.GetValue(path)!) == "smolvla")
            {
                await SmolVlaCommands.BenchAsync(result, result.GetValue(path)!, sizes, result.GetValue(threads), result.GetValue(iterations), ct);
                return;
            }
            using var policy = LoadAct(result.GetValue(path)!, result.GetValue(threads));
            var output = result.InvocationConfiguration.Output;
            string cameras = string.Join(", ", policy.Config.Images.Select(i => $"{ActPolicy.CameraKey(i.Key)} {i.Height}x{i.Width}"));
            await output.WriteLineAsync($"act: {cameras}; chunk {policy.Config.ChunkSize}; {result.GetValue(threads)} threads");
            await output.WriteLineAsync("batch  median ms  min ms  ms/obs  obs/s  cpu ms");
            foreach (var r in ActBenchmark.Run(policy, sizes, result.GetValue(iterations), ct))
            {
                await output.WriteLineAsync($"{r.Batch,5}  {r.MedianMs,9:F1}  {r.MinMs,6:F1}  {r.PerObservationMs,6:F1}  {r.ObservationsPerSecond,5:F2}  {r.CpuMsPerPrediction,6:F0}");
                // FLEET_ACT_PROFILE=1: wall ms per prediction of each section of the forward pass.
                foreach (var (section, ms, cpu) in r.Sections)
                    await output.WriteLineAsync($"       {ms,8:F2} ms wall {cpu,8:F2} ms thread cpu  {section}");
            }
        }));
        return command;
    }

    private static ActPolicy LoadAct(string directory, int threads) => ActPolicy.Load(directory, Threads(threads));

    /// <summary>A thread plan from --threads.</summary>
    internal static Parallelism Threads(int threads) =>
        threads >= 1 ? new Parallelism(threads) : throw new PolicyInputException($"--threads must be at least 1, got {threads}.");

    /// <summary>The checkpoint's policy type, checked to be one predict/bench can run.</summary>
    private static string PolicyType(string directory)
    {
        using var checkpoint = LeRobotCheckpoint.Open(directory);
        return checkpoint.PolicyType is "act" or "smolvla"
            ? checkpoint.PolicyType
            : throw new CheckpointException($"{checkpoint.ConfigPath}: unknown policy type '{checkpoint.PolicyType}'; fleet policy predict/bench run: act, smolvla.");
    }

    internal static int[] ParseBatches(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var sizes = parts.Select(p => int.TryParse(p, out int b) && b > 0 ? b : throw new PolicyInputException($"--batch '{text}': '{p}' is not a positive integer (example: --batch 1,4,8).")).ToArray();
        return sizes.Length > 0 ? sizes : throw new PolicyInputException("--batch is empty (example: --batch 1,4,8).");
    }

    /// <summary>Runs <paramref name="body"/>; checkpoint and input errors become one stderr line and exit code 2.</summary>
    internal static async Task<int> Guard(ParseResult result, Func<Task> body)
    {
        try
        {
            await body();
            return 0;
        }
        catch (Exception e) when (e is CheckpointException or PolicyInputException)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync("error: " + e.Message);
            return BadInput;
        }
    }
}
