using Fleet.Policy.Checkpoints;
using Fleet.Policy.SmolVla.Vision;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.SmolVla.Vision;

/// <summary>Random vision-tower tensors under LeRobot's names, kept in memory for the naive reference and written as safetensors.</summary>
public sealed class TinyVisionWeights
{
    public const string Prefix = "model.vlm_with_expert.vlm.model.";

    public TinyVisionWeights(SigLipConfig config, int textHidden, int seed)
    {
        Config = config;
        TextHidden = textHidden;
        int d = config.Hidden, p = config.PatchSize, m = config.Intermediate;
        int next = seed;
        void Add(string name, int[] shape, float scale, float offset = 0)
        {
            int count = shape.Aggregate(1, (a, b) => a * b);
            var values = Naive.Random(count, next++, scale);
            for (int i = 0; i < count; i++) values[i] += offset;
            Tensors[Prefix + name] = (shape, values);
        }
        Add("vision_model.embeddings.patch_embedding.weight", [d, 3, p, p], 0.2f);
        Add("vision_model.embeddings.patch_embedding.bias", [d], 0.1f);
        Add("vision_model.embeddings.position_embedding.weight", [config.Patches, d], 0.5f);
        for (int l = 0; l < config.Layers; l++)
        {
            string layer = $"vision_model.encoder.layers.{l}.";
            foreach (var proj in new[] { "q_proj", "k_proj", "v_proj", "out_proj" })
            {
                Add(layer + $"self_attn.{proj}.weight", [d, d], 0.4f);
                Add(layer + $"self_attn.{proj}.bias", [d], 0.1f);
            }
            Add(layer + "layer_norm1.weight", [d], 0.2f, 1f);
            Add(layer + "layer_norm1.bias", [d], 0.1f);
            Add(layer + "layer_norm2.weight", [d], 0.2f, 1f);
            Add(layer + "layer_norm2.bias", [d], 0.1f);
            Add(layer + "mlp.fc1.weight", [m, d], 0.4f);
            Add(layer + "mlp.fc1.bias", [m], 0.1f);
            Add(layer + "mlp.fc2.weight", [d, m], 0.3f);
            Add(layer + "mlp.fc2.bias", [d], 0.1f);
        }
        Add("vision_model.post_layernorm.weight", [d], 0.2f, 1f);
        Add("vision_model.post_layernorm.bias", [d], 0.1f);
        Add("connector.modality_projection.proj.weight", [textHidden, config.ShuffledWidth], 0.1f);
    }

    public SigLipConfig Config { get; }

    public int TextHidden { get; }

    public Dictionary<string, (int[] Shape, float[] Values)> Tensors { get; } = new(StringComparer.Ordinal);

    public float[] this[string name] => Tensors[Prefix + name].Values;

    public async Task WriteAsync(string path, Func<string, bool>? include = null)
    {
        var list = Tensors.Where(t => include?.Invoke(t.Key) ?? true)
            .Select(t => new NamedTensor(t.Key, t.Value.Shape, t.Value.Values)).ToList();
        await SafetensorsWriter.WriteAsync(path, list, CancellationToken.None);
    }
}
