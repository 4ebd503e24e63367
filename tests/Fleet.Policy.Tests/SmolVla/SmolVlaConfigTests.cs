using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.SmolVla;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.SmolVla;

public sealed class SmolVlaConfigTests
{
    /// <summary>smolvla_base's config.json fields (policies.md §1.1), 3 cameras.</summary>
    private static JsonObject BaseConfig() => new()
    {
        ["type"] = "smolvla", ["n_obs_steps"] = 1, ["chunk_size"] = 50, ["n_action_steps"] = 50,
        ["normalization_mapping"] = new JsonObject { ["VISUAL"] = "IDENTITY", ["STATE"] = "MEAN_STD", ["ACTION"] = "MEAN_STD" },
        ["input_features"] = new JsonObject
        {
            ["observation.state"] = new JsonObject { ["type"] = "STATE", ["shape"] = new JsonArray(6) },
            ["observation.images.camera1"] = new JsonObject { ["type"] = "VISUAL", ["shape"] = new JsonArray(3, 256, 256) },
            ["observation.images.camera2"] = new JsonObject { ["type"] = "VISUAL", ["shape"] = new JsonArray(3, 256, 256) },
            ["observation.images.camera3"] = new JsonObject { ["type"] = "VISUAL", ["shape"] = new JsonArray(3, 256, 256) },
        },
        ["output_features"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "ACTION", ["shape"] = new JsonArray(6) } },
        ["max_state_dim"] = 32, ["max_action_dim"] = 32, ["resize_imgs_with_padding"] = new JsonArray(512, 512),
        ["empty_cameras"] = 0, ["adapt_to_pi_aloha"] = false, ["use_delta_joint_actions_aloha"] = false,
        ["tokenizer_max_length"] = 48, ["num_steps"] = 10, ["use_cache"] = true,
        ["vlm_model_name"] = "HuggingFaceTB/SmolVLM2-500M-Video-Instruct", ["add_image_special_tokens"] = false,
        ["attention_mode"] = "cross_attn", ["prefix_length"] = 0, ["pad_language_to"] = "max_length",
        ["num_expert_layers"] = 0, ["num_vlm_layers"] = 16, ["self_attn_every_n_layers"] = 2,
        ["expert_width_multiplier"] = 0.75, ["min_period"] = 0.004, ["max_period"] = 4.0,
    };

    private static SmolVlaConfig Parse(JsonObject json) => SmolVlaConfig.Parse(JsonDocument.Parse(json.ToJsonString()).RootElement, "/ckpt/config.json");

    [Fact]
    public void Parse_SmolVlaBase_ReadsEveryFieldAndDerivesTheExpert()
    {
        var config = Parse(BaseConfig());
        Assert.Equal(["observation.images.camera1", "observation.images.camera2", "observation.images.camera3"], config.Images.Select(i => i.Key));
        Assert.Equal((6, 6, 512, 48, 16, 16), (config.StateDim, config.ActionDim, config.ImageSize, config.TokenizerMaxLength, config.NumVlmLayers, config.NumExpertLayers));
        using var dir = new TempDirectory();
        var dims = SmolVlaDimensions.Load(dir.Path, config);
        Assert.Equal((720, 2048, 15, 5, 64), (dims.Expert.Hidden, dims.Expert.Intermediate, dims.Expert.Heads, dims.Expert.KvHeads, dims.Expert.HeadDim));
        Assert.Equal((960, 320, 49280), (dims.Text.Hidden, dims.Text.KvWidth, dims.Text.VocabSize));
        Assert.Equal(64, dims.Vision.TokensPerImage);
        Assert.Contains("smolvla_base defaults", dims.Source);
    }

    [Theory]
    [InlineData("attention_mode", "\"self_attn\"", "attention_mode 'self_attn'")]
    [InlineData("adapt_to_pi_aloha", "true", "adapt_to_pi_aloha=true")]
    [InlineData("add_image_special_tokens", "true", "add_image_special_tokens=true")]
    [InlineData("num_expert_layers", "8", "num_expert_layers 8")]
    [InlineData("resize_imgs_with_padding", "[512, 384]", "resize_imgs_with_padding")]
    [InlineData("n_action_steps", "60", "n_action_steps 60")]
    [InlineData("pad_language_to", "\"left\"", "pad_language_to 'left'")]
    public void Parse_UnsupportedOption_ErrorNamesFileAndField(string field, string value, string expected)
    {
        var json = BaseConfig();
        json[field] = JsonNode.Parse(value);
        var e = Assert.Throws<CheckpointException>(() => Parse(json));
        Assert.StartsWith("/ckpt/config.json:", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Parse_WrongType_Rejected()
    {
        var json = BaseConfig();
        json["type"] = "act";
        Assert.Contains("not 'smolvla'", Assert.Throws<CheckpointException>(() => Parse(json)).Message);
    }

    [Fact]
    public void LoadDimensions_BrokenVlmConfig_ErrorNamesTheFileAndTheExpectedLayout()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("vlm_config.json"), """{"text_config": {"hidden_size": 96}}""");
        var e = Assert.Throws<CheckpointException>(() => SmolVlaDimensions.Load(dir.Path, Parse(BaseConfig())));
        Assert.Contains("vlm_config.json", e.Message);
        Assert.Contains("vision_config", e.Message);
    }

    [Fact]
    public void TokenizerLocator_CheckpointFolderFirst_ThenRoot()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), "{}");
        Assert.Equal(dir.File("tokenizer.json"), TokenizerLocator.TryFind(dir.Path, "Org/none", out _));
        Directory.CreateDirectory(dir.File("tokenizer"));
        File.WriteAllText(Path.Combine(dir.Path, "tokenizer", "tokenizer.json"), "{}");
        Assert.Equal(Path.Combine(dir.Path, "tokenizer", "tokenizer.json"), TokenizerLocator.TryFind(dir.Path, "Org/none", out var tried));
        Assert.Equal(Path.Combine(dir.Path, "tokenizer", "tokenizer.json"), tried[0]);
    }

    [Fact]
    public void TaskNewline_AppendedOnlyWhenMissing()
    {
        Assert.Equal("pick\n", SmolVlaTaskTokenizer.WithNewline("pick"));
        Assert.Equal("pick\n", SmolVlaTaskTokenizer.WithNewline("pick\n"));
    }
}
