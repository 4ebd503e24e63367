using System.CommandLine;
using Fleet.Policy.Abstractions;
using Fleet.Policy.FlowMatching;
using Fleet.Policy.SmolVla;

namespace Fleet.Node.Cli;

/// <summary>The SmolVLA side of <c>fleet policy predict</c> and <c>fleet policy bench</c> (see <see cref="PolicyCommands"/>).</summary>
internal static class SmolVlaCommands
{
    /// <summary>
    /// Predicts from an observation file: language tokens from the file, else <paramref name="task"/> through the
    /// checkpoint's tokenizer; noise from <paramref name="noisePath"/>, else seeded <see cref="GaussianNoise"/>.
    /// </summary>
    public static (int Batch, int Chunk, int ActionDim, float[] Actions) Predict(string directory, int threads, string observationPath,
        string? task, string? noisePath, ulong seed)
    {
        using var policy = SmolVlaPolicy.Load(directory, PolicyCommands.Threads(threads));
        var config = policy.Config;
        var observation = SmolVlaObservationFile.Read(observationPath, config);
        var language = observation.Language;
        if (language is not null && task is not null)
            throw new PolicyInputException($"{observationPath} already holds {SmolVlaObservationFile.TokensKey}; drop --task or the tokens.");
        if (language is null)
        {
            if (task is null)
                throw new PolicyInputException($"{observationPath} has no {SmolVlaObservationFile.TokensKey}/{SmolVlaObservationFile.MaskKey}; pass --task TEXT (tokenized with the checkpoint's tokenizer.json) or add them ([B, L] each).");
            language = SmolVlaTaskTokenizer.Load(directory, config).Tokenize(Enumerable.Repeat(task, observation.Batch).ToList());
        }
        var noise = noisePath is not null
            ? SmolVlaObservationFile.ReadNoise(noisePath, config, observation.Batch)
            : GaussianNoise.Create(seed, observation.Batch * config.ChunkSize * config.MaxActionDim);
        var actions = policy.Predict(observation.Batch, observation.State, observation.Images, language, noise);
        return (observation.Batch, config.ChunkSize, config.ActionDim, actions);
    }

    /// <summary>Prints prefix (vision + prefill), denoising and total time per chunk for each batch size.</summary>
    public static async Task BenchAsync(ParseResult result, string directory, int[] batches, int threads, int iterations, CancellationToken ct)
    {
        using var policy = SmolVlaPolicy.Load(directory, PolicyCommands.Threads(threads));
        var output = result.InvocationConfiguration.Output;
        var config = policy.Config;
        string cameras = string.Join(", ", config.Images.Select(i => $"{i.Key["observation.images.".Length..]} {i.Height}x{i.Width}"));
        await output.WriteLineAsync($"smolvla: {cameras} -> {config.ImageSize}x{config.ImageSize}; {config.TokenizerMaxLength} language tokens; chunk {config.ChunkSize}, {config.NumSteps} steps; {threads} threads ({policy.Model.Dimensions.Source})");
        await output.WriteLineAsync("batch  vision ms  prefix ms  denoise ms  total ms  min ms  ms/obs  cpu ms");
        foreach (var r in SmolVlaBenchmark.Run(policy, batches, iterations, ct))
            await output.WriteLineAsync($"{r.Batch,5}  {r.VisionMs,9:F1}  {r.PrefixMs,9:F1}  {r.DenoiseMs,10:F1}  {r.TotalMs,8:F1}  {r.MinTotalMs,6:F1}  {r.PerObservationMs,6:F1}  {r.CpuMsPerChunk,6:F0}");
    }
}
