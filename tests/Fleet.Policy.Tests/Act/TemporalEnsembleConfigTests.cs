using System.Text.Json.Nodes;
using Fleet.Policy.Act;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.Act;

/// <summary>Where an ACT policy's temporal ensembling coefficient comes from: config.json, or the fleet config's override.</summary>
public sealed class TemporalEnsembleConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> CheckpointAsync(double? coeff, int nActionSteps)
    {
        string path = _dir.File("ckpt");
        await TinyActCheckpoint.WriteAsync(path);
        string configPath = Path.Combine(path, "config.json");
        var config = JsonNode.Parse(await File.ReadAllTextAsync(configPath))!.AsObject();
        config["temporal_ensemble_coeff"] = coeff;
        config["n_action_steps"] = nActionSteps;
        await File.WriteAllTextAsync(configPath, config.ToJsonString());
        return path;
    }

    [Fact]
    public async Task Load_ConfigJsonSetsTheCoefficient_DescriptorCarriesIt()
    {
        using var policy = LeRobotPolicyLoader.Load("act", await CheckpointAsync(0.01, 1), threads: 1);
        Assert.Equal(0.01, policy.Descriptor.TemporalEnsembleCoeff);
    }

    [Fact]
    public async Task Load_NoCoefficient_DescriptorSaysOff()
    {
        using var policy = LeRobotPolicyLoader.Load("act", await CheckpointAsync(null, TinyActCheckpoint.Chunk), threads: 1);
        Assert.Null(policy.Descriptor.TemporalEnsembleCoeff);
    }

    [Fact]
    public async Task Load_FleetConfigOverride_WinsOverConfigJson()
    {
        // The checkpoint was trained to run whole chunks (n_action_steps = chunk); the override still applies, since
        // Fleet's arm queue, not n_action_steps, decides when to ask.
        using var policy = LeRobotPolicyLoader.Load("act", await CheckpointAsync(null, TinyActCheckpoint.Chunk), threads: 1, temporalEnsembleCoeff: 0.03);
        Assert.Equal(0.03, policy.Descriptor.TemporalEnsembleCoeff);
    }

    [Fact]
    public async Task Load_OverrideNotFinite_FailsNamingTheKey()
    {
        var path = await CheckpointAsync(null, TinyActCheckpoint.Chunk);
        var error = Assert.Throws<CheckpointException>(() => ActPolicy.Load(path, temporalEnsembleCoeff: double.NaN));
        Assert.Contains("temporal_ensemble_coeff", error.Message);
        Assert.Contains("config.json", error.Message);
    }

    [Fact]
    public async Task Load_ConfigJsonCoefficientWithChunkedSteps_FailsAsLeRobotDoes()
    {
        var path = await CheckpointAsync(0.01, TinyActCheckpoint.Chunk);
        var error = Assert.Throws<CheckpointException>(() => ActPolicy.Load(path));
        Assert.Contains("n_action_steps must be 1", error.Message);
    }
}
