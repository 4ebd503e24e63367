using System.Text.Json.Nodes;
using Fleet.Policy.Act;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tests.Infrastructure;
using static Fleet.Policy.Tests.Infrastructure.TinyActCheckpoint;

namespace Fleet.Policy.Tests.Checkpoints;

/// <summary>Bad checkpoints and observation files: each error names the file, the key and what was expected.</summary>
public sealed class LoaderErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private async Task<string> CheckpointAsync(Action<JsonObject>? editConfig = null)
    {
        string path = _dir.File("ckpt");
        await TinyActCheckpoint.WriteAsync(path);
        if (editConfig is not null)
        {
            string configPath = Path.Combine(path, "config.json");
            var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
            editConfig(config);
            File.WriteAllText(configPath, config.ToJsonString());
        }
        return path;
    }

    [Fact]
    public void Load_MissingFolder_NamesFolderAndWhatItNeeds()
    {
        var e = Assert.Throws<CheckpointException>(() => LeRobotPolicyLoader.Load("act", _dir.File("absent")));
        Assert.Contains("absent: checkpoint folder not found", e.Message);
        Assert.Contains("config.json and model.safetensors", e.Message);
    }

    [Fact]
    public async Task Load_MissingModelFile_NamesFile()
    {
        string path = await CheckpointAsync();
        File.Delete(Path.Combine(path, "model.safetensors"));
        var e = Assert.Throws<CheckpointException>(() => LeRobotPolicyLoader.Load("act", path));
        Assert.Contains("model.safetensors: not found", e.Message);
    }

    [Fact]
    public async Task Load_UnknownPolicyType_NamesTypeAndSupportedTypes()
    {
        string path = await CheckpointAsync(c => c["type"] = "diffusion");
        var e = Assert.Throws<CheckpointException>(() => LeRobotPolicyLoader.Load(null, path));
        Assert.Contains("unknown policy type 'diffusion'", e.Message);
        Assert.Contains("config.json", e.Message);
        Assert.Contains("act", e.Message);
    }

    [Fact]
    public async Task Load_TypeDiffersFromFleetConfig_SaysBoth()
    {
        string path = await CheckpointAsync();
        var e = Assert.Throws<CheckpointException>(() => LeRobotPolicyLoader.Load("smolvla", path));
        Assert.Contains("policy type is 'act' but the fleet config asks for 'smolvla'", e.Message);
    }

    [Fact]
    public async Task Load_ConfigWantsMoreLayersThanStored_NamesMissingTensor()
    {
        string path = await CheckpointAsync(c => c["n_encoder_layers"] = 2);
        var e = Assert.Throws<CheckpointException>(() => ActPolicy.Load(path));
        Assert.Contains("no tensor 'model.encoder.layers.1.self_attn.in_proj_weight'", e.Message);
    }

    [Fact]
    public async Task Load_ConfigWidthDisagreesWithWeights_NamesKeyAndBothShapes()
    {
        string path = await CheckpointAsync(c => c["output_features"]!["action"]!["shape"] = new JsonArray(7));
        var e = Assert.Throws<CheckpointException>(() => ActPolicy.Load(path));
        Assert.Contains($"'model.action_head.weight' has shape [{ActionDim}, {Dim}] but [7, {Dim}] was expected", e.Message);
    }

    [Fact]
    public async Task Load_MissingConfigField_NamesField()
    {
        string path = await CheckpointAsync(c => c.Remove("dim_model"));
        var e = Assert.Throws<CheckpointException>(() => ActPolicy.Load(path));
        Assert.Contains("missing field \"dim_model\"", e.Message);
    }

    [Fact]
    public async Task ReadObservation_MissingState_NamesFileKeyAndShape()
    {
        var config = await ConfigAsync();
        string obs = _dir.File("obs.safetensors");
        await SafetensorsWriter.WriteAsync(obs, [new("observation.images.front", [1, 3, Height, Width], new float[3 * Height * Width])], CancellationToken.None);
        var e = Assert.Throws<CheckpointException>(() => ObservationFile.Read(obs, config));
        Assert.Contains($"{obs}: missing tensor 'observation.state' (expected F32 [B, {StateDim}])", e.Message);
    }

    [Fact]
    public async Task ReadObservation_WrongImageSize_NamesKeyAndExpectedShape()
    {
        var config = await ConfigAsync();
        string obs = _dir.File("obs.safetensors");
        await SafetensorsWriter.WriteAsync(obs, [
            new("observation.state", [2, StateDim], new float[2 * StateDim]),
            new("observation.images.front", [2, 3, 16, 16], new float[2 * 3 * 256])], CancellationToken.None);
        var e = Assert.Throws<CheckpointException>(() => ObservationFile.Read(obs, config));
        Assert.Contains($"'observation.images.front' has shape [2, 3, 16, 16]; expected F32 [2, 3, {Height}, {Width}]", e.Message);
    }

    [Fact]
    public async Task ReadObservation_UnknownCamera_NamesKeyAndConfiguredCameras()
    {
        var config = await ConfigAsync();
        string obs = _dir.File("obs.safetensors");
        await SafetensorsWriter.WriteAsync(obs, [
            new("observation.state", [1, StateDim], new float[StateDim]),
            new("observation.images.wrist", [1, 3, 2, 2], new float[12])], CancellationToken.None);
        var e = Assert.Throws<CheckpointException>(() => ObservationFile.Read(obs, config));
        Assert.Contains("image key 'observation.images.wrist' is not a camera of this policy", e.Message);
        Assert.Contains($"observation.images.front [B, 3, {Height}, {Width}]", e.Message);
    }

    [Fact]
    public async Task ReadObservation_Float64State_NamesDtypeAndExpected()
    {
        var config = await ConfigAsync();
        string obs = _dir.File("obs.safetensors");
        string header = "{\"observation.state\":{\"dtype\":\"F64\",\"shape\":[1," + StateDim + "],\"data_offsets\":[0," + 8 * StateDim + "]}}";
        RawSafetensors.Write(obs, header, 8 * StateDim);
        var e = Assert.Throws<CheckpointException>(() => ObservationFile.Read(obs, config));
        Assert.Contains($"'observation.state' is F64; expected F32 [B, {StateDim}]", e.Message);
    }

    private async Task<ActConfig> ConfigAsync()
    {
        string path = await CheckpointAsync();
        using var checkpoint = LeRobotCheckpoint.Open(path);
        return ActConfig.Parse(checkpoint.Config, checkpoint.ConfigPath);
    }

    public void Dispose() => _dir.Dispose();
}
