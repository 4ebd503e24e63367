using System.Diagnostics;
using System.Text.Json.Nodes;
using Fleet.Messages;
using Fleet.Node.Config;
using Fleet.Node.Fleets;
using Fleet.Node.Tests.Infrastructure;
using Fleet.Policy.Abstractions;

namespace Fleet.Node.Tests.Fleets;

/// <summary>
/// <c>policy { type = smolvla, path = DIR }</c> in a fleet config resolves to the SmolVLA engine, which reads the
/// arm's task text through the checkpoint's tokenizer.json (parity with PyTorch is Fleet.Policy.Tests' job; this is
/// the node's wiring). The checkpoint is a tiny random one written by the PyTorch reference's generator.
/// </summary>
public sealed class SmolVlaFleetPolicyTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [SmolVlaGeneratorFact]
    public async Task Create_SmolVlaEntry_PredictsAChunkFromFramesAndTaskText()
    {
        string checkpoint = Path.Combine(_files.Dir, "smolvla");
        Run(Python, [Path.Combine(RepoPaths.Root, "tests", "reference", "smolvla", "make_checkpoint.py"),
            "--out", checkpoint, "--size", "tiny", "--seed", "5", "--cameras", "1"]);
        Directory.CreateDirectory(Path.Combine(checkpoint, "tokenizer"));
        File.WriteAllText(Path.Combine(checkpoint, "tokenizer", "tokenizer.json"), ByteLevelTokenizerJson());
        var config = ConfigLoader.Load([_files.Write("fleet.conf", $"fleet.policies {{ vla {{ type = smolvla, path = \"{checkpoint}\", threads = 1 }} }}")]);

        using var policy = PolicyDefinition.FromConfig(config)["vla"].Create(PolicyDefinition.CreateFactory());

        Assert.Equal("smolvla", policy.Descriptor.Type);
        Assert.True(policy.Descriptor.TakesTask);
        Assert.Equal(["camera1"], policy.Descriptor.Images.Select(i => i.Key));
        var pixels = new byte[48 * 64 * 3];
        new Random(1).NextBytes(pixels);
        var frame = new ImageFrame(64, 48, pixels, DateTimeOffset.UtcNow, 1);
        var input = new PolicyInput(new float[] { 10, -20, 30, 5, 0, 40 }, new Dictionary<string, ImageFrame> { ["camera1"] = frame }, "pick up the cube");
        var outputs = await policy.PredictAsync([input], CancellationToken.None);

        var chunk = Assert.Single(outputs);
        Assert.Equal(6, chunk.ActionDim);
        Assert.Equal(policy.Descriptor.ChunkSize, chunk.Length);
        Assert.All(chunk.Actions.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.Contains(chunk.Actions.ToArray(), v => v != 0);
    }

    [Fact]
    public void Create_SmolVlaEntryWithoutPath_FailsNamingThePolicy()
    {
        var config = ConfigLoader.Load([_files.Write("fleet.conf", "fleet.policies { vla { type = smolvla } }")]);
        var error = Assert.ThrowsAny<Exception>(() => PolicyDefinition.FromConfig(config)["vla"].Create(PolicyDefinition.CreateFactory()));
        Assert.Contains("vla", error.Message);
        Assert.Contains("path", error.Message);
    }

    // A byte-level BPE without merges: every UTF-8 byte is one token (ids 0..255 through GPT-2's byte-to-unicode map),
    // which fits the tiny checkpoint's 512-entry vocabulary.
    private static string ByteLevelTokenizerJson()
    {
        var vocab = new JsonObject();
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToHashSet();
        int extra = 0;
        for (int b = 0; b < 256; b++)
            vocab[((char)(printable.Contains(b) ? b : 256 + extra++)).ToString()] = b;
        vocab["<|im_end|>"] = 256;
        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(new JsonObject
            {
                ["id"] = 256, ["content"] = "<|im_end|>", ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
                ["normalized"] = false, ["special"] = true,
            }),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
            ["post_processor"] = null,
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = new JsonArray() },
        }.ToJsonString();
    }

    private static void Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish within 3 minutes: {stderr.Result}");
        }
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed with exit code {process.ExitCode}: {stderr.Result}");
    }
}

/// <summary>Skipped, with the reason, when /usr/bin/python3 cannot import torch (the checkpoint generator needs it).</summary>
public sealed class SmolVlaGeneratorFactAttribute : FactAttribute
{
    public SmolVlaGeneratorFactAttribute()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import torch"]) { RedirectStandardError = true })!;
            probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            if (probe.ExitCode != 0) Skip = "/usr/bin/python3 cannot import torch; run scripts/setup-policy.sh";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Skip = "/usr/bin/python3 not found; run scripts/setup-policy.sh";
        }
    }
}
