using Fleet.Actors.Arm;
using Fleet.Node.Config;
using Fleet.Node.Fleets;
using Fleet.Node.Tests.Infrastructure;
using Fleet.Policy.Act;

namespace Fleet.Node.Tests.Fleets;

/// <summary>
/// <c>policy { type = act, path = DIR, temporal_ensemble_coeff = M }</c> in a fleet config: the ACT policy declares
/// temporal ensembling and the arms that run it merge chunks with ACT's temporal ensembling.
/// </summary>
public sealed class TemporalEnsembleWiringTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private async Task<PolicyDefinition> DefinitionAsync(string extra)
    {
        string checkpoint = Path.Combine(_files.Dir, "act");
        await RandomActCheckpoint.WriteAsync(checkpoint, new RandomActSpec(6, 6, 16, 2, 24, 1, 5, 4, 32, 48, Seed: 3));
        var config = ConfigLoader.Load([_files.Write("fleet.conf", $"fleet.policies {{ act1 {{ type = act, path = \"{checkpoint}\", threads = 1{extra} }} }}")]);
        return PolicyDefinition.FromConfig(config)["act1"];
    }

    [Fact]
    public async Task Create_PolicyEntrySetsCoefficient_ArmsMergeByTemporalEnsembling()
    {
        var definition = await DefinitionAsync(", temporal_ensemble_coeff = 0.02");
        using var policy = definition.Create(PolicyDefinition.CreateFactory());
        Assert.Equal(0.02, policy.Descriptor.TemporalEnsembleCoeff);

        var arm = new AsyncInferenceOptions(G: 1, Aggregation: ChunkAggregation.Conservative);
        var effective = FleetRuntime.InferenceFor(arm, policy.Descriptor).EffectiveAggregation;
        Assert.Equal(0.02, effective.EnsembleCoefficient);
        Assert.Equal("temporal_ensemble:0.02", effective.Name);
    }

    [Fact]
    public async Task Create_NoCoefficient_ArmKeepsItsAggregation()
    {
        var definition = await DefinitionAsync("");
        using var policy = definition.Create(PolicyDefinition.CreateFactory());
        Assert.Null(policy.Descriptor.TemporalEnsembleCoeff);
        var arm = new AsyncInferenceOptions(Aggregation: ChunkAggregation.Conservative);
        Assert.Same(ChunkAggregation.Conservative, FleetRuntime.InferenceFor(arm, policy.Descriptor).EffectiveAggregation);
    }

    [Fact]
    public async Task Create_CoefficientNotANumber_FailsAtTheEntrysLine()
    {
        var definition = await DefinitionAsync(", temporal_ensemble_coeff = lots");
        var error = Assert.ThrowsAny<ConfigException>(() => definition.Create(PolicyDefinition.CreateFactory()));
        Assert.Contains("fleet.conf:1", error.Message);
        Assert.Contains("temporal_ensemble_coeff", error.Message);
    }
}
