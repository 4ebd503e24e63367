using System.Buffers;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act.Transformer;

/// <summary>
/// ACT decoder layer (<c>decoder.layers.i</c>): self-attention over the action queries (<c>q = k = x + qpos</c>),
/// cross-attention into the encoder output (<c>q = x + qpos</c>, <c>k = memory + memoryPos</c>, <c>v = memory</c>),
/// then the feed-forward block; norms <c>norm1..3</c>.
/// </summary>
internal sealed class DecoderLayer
{
    private readonly MultiheadAttentionLayer _selfAttention, _crossAttention;
    private readonly FeedForward _feedForward;
    private readonly ResidualNorm _block1, _block2, _block3;
    private readonly int _dim;

    public DecoderLayer(SafetensorsFile file, string prefix, ActConfig config, ActProfile? profile = null)
    {
        _dim = config.DimModel;
        _selfAttention = new MultiheadAttentionLayer(file, prefix + ".self_attn", _dim, config.NHeads, profile, "decoder self");
        _crossAttention = new MultiheadAttentionLayer(file, prefix + ".multihead_attn", _dim, config.NHeads, profile, "decoder cross");
        _feedForward = new FeedForward(file, prefix, _dim, config.DimFeedforward, config.FeedforwardActivation, profile, "decoder");
        _block1 = new ResidualNorm(Weights.LayerNorm(file, prefix + ".norm1", _dim), _dim, config.PreNorm, profile, "decoder");
        _block2 = new ResidualNorm(Weights.LayerNorm(file, prefix + ".norm2", _dim), _dim, config.PreNorm, profile, "decoder");
        _block3 = new ResidualNorm(Weights.LayerNorm(file, prefix + ".norm3", _dim), _dim, config.PreNorm, profile, "decoder");
    }

    /// <summary>
    /// Updates the queries <paramref name="x"/> (<c>[batch·chunk, D]</c>) in place. <paramref name="memoryWithPos"/> is the
    /// encoder output plus its position embedding, <paramref name="memory"/> the output alone (<c>[batch·seq, D]</c>).
    /// </summary>
    public void Forward(float[] x, float[] queryPos, int chunk, float[] memory, float[] memoryWithPos, int seq, int batch, Parallelism parallelism)
    {
        int perSequence = chunk * _dim;
        _block1.Apply(x, (input, output) =>
        {
            var qk = EncoderLayer.WithPosition(input, queryPos, batch, perSequence);
            _selfAttention.Forward(qk, qk, input, batch, chunk, chunk, output, parallelism);
            ArrayPool<float>.Shared.Return(qk);
        }, parallelism);
        _block2.Apply(x, (input, output) =>
        {
            var q = EncoderLayer.WithPosition(input, queryPos, batch, perSequence);
            _crossAttention.Forward(q, memoryWithPos, memory, batch, chunk, seq, output, parallelism);
            ArrayPool<float>.Shared.Return(q);
        }, parallelism);
        _block3.Apply(x, (input, output) => _feedForward.Forward(input, batch * chunk, output, parallelism), parallelism);
    }
}
