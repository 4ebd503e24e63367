using System.Text.Json;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.SmolVla.Vision;

namespace Fleet.Policy.SmolVla;

/// <summary>
/// The network sizes of a SmolVLA checkpoint: the VLM's text and vision towers (from <c>vlm_config.json</c> in the
/// checkpoint folder, in the Hugging Face SmolVLM <c>config.json</c> layout, or else smolvla_base's
/// SmolVLM2-500M sizes, research policies.md §1.2) and the action expert derived from them as LeRobot does:
/// width ⌊text hidden × expert_width_multiplier⌋, same heads, MLP width rounded up to a multiple of 256 from
/// 4·⌊2·width/3⌋.
/// </summary>
/// <param name="Text">The VLM text model.</param>
/// <param name="Vision">The vision tower and connector.</param>
/// <param name="Expert">The action expert.</param>
/// <param name="Source">Where the VLM sizes came from (a file path or "smolvla_base defaults"), for messages.</param>
public sealed record SmolVlaDimensions(TextSizes Text, SigLipConfig Vision, TextSizes Expert, string Source)
{
    /// <summary>The file name Fleet reads VLM sizes from, next to config.json.</summary>
    public const string VlmConfigFile = "vlm_config.json";

    /// <summary>SmolVLM2-500M-Video-Instruct's text model.</summary>
    public static TextSizes SmolVlm2Text { get; } = new(960, 2560, 15, 5, 64, 1e-5f, 49280);

    /// <summary>SmolVLM2-500M-Video-Instruct's vision tower.</summary>
    public static SigLipConfig SmolVlm2Vision => SigLipConfig.SmolVlaBase;

    /// <summary>Reads <c>vlm_config.json</c> from <paramref name="directory"/> when present, else uses the SmolVLM2-500M sizes.</summary>
    /// <exception cref="CheckpointException">vlm_config.json is not valid JSON or lacks a field; names the file and the field.</exception>
    public static SmolVlaDimensions Load(string directory, SmolVlaConfig config)
    {
        string path = Path.Combine(directory, VlmConfigFile);
        if (!File.Exists(path))
            return Derive(SmolVlm2Text, SmolVlm2Vision, config, "smolvla_base defaults (SmolVLM2-500M; no vlm_config.json)");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var text = doc.RootElement.GetProperty("text_config");
            var vision = doc.RootElement.GetProperty("vision_config");
            int hidden = Int(text, "hidden_size"), heads = Int(text, "num_attention_heads");
            var textSizes = new TextSizes(hidden, Int(text, "intermediate_size"), heads, Int(text, "num_key_value_heads"),
                text.TryGetProperty("head_dim", out var hd) ? hd.GetInt32() : hidden / heads,
                (float)text.GetProperty("rms_norm_eps").GetDouble(), Int(text, "vocab_size"));
            var visionSizes = new SigLipConfig(Int(vision, "image_size"), Int(vision, "patch_size"), Int(vision, "hidden_size"),
                Int(vision, "num_hidden_layers"), Int(vision, "num_attention_heads"), Int(vision, "intermediate_size"),
                (float)vision.GetProperty("layer_norm_eps").GetDouble(), Int(doc.RootElement, "scale_factor"));
            return Derive(textSizes, visionSizes, config, path);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CheckpointException($"{path}: not a SmolVLM config ({e.Message}); expected text_config {{hidden_size, intermediate_size, num_attention_heads, num_key_value_heads, head_dim, rms_norm_eps, vocab_size}}, vision_config {{hidden_size, image_size, patch_size, num_attention_heads, num_hidden_layers, intermediate_size, layer_norm_eps}} and scale_factor.");
        }
    }

    /// <summary>Combines VLM sizes with the policy config into the full set, deriving the expert.</summary>
    public static SmolVlaDimensions Derive(TextSizes text, SigLipConfig vision, SmolVlaConfig config, string source)
    {
        int width = (int)(text.Hidden * config.ExpertWidthMultiplier);
        var expert = text with { Hidden = width, Intermediate = ExpertIntermediate(width), VocabSize = 0 };
        return new SmolVlaDimensions(text, vision, expert, source);
    }

    /// <summary>LeRobot's expert MLP width: 4·⌊2·width/3⌋ rounded up to a multiple of 256 (720 → 2048).</summary>
    public static int ExpertIntermediate(int width)
    {
        int hidden = 4 * (2 * width / 3);
        return (hidden + 255) / 256 * 256;
    }

    private static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();
}
