using System.Buffers;
using System.Numerics.Tensors;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act.Transformer;

/// <summary>
/// ACT encoder layer (<c>encoder.layers.i</c>): self-attention with the position embedding added to queries and
/// keys only (<c>q = k = x + pos</c>, <c>v = x</c>), then the feed-forward block; each wrapped by
/// <see cref="ResidualNorm"/> with <c>norm1</c> / <c>norm2</c>.
/// </summary>
internal sealed class EncoderLayer
{
    private readonly MultiheadAttentionLayer _attention;
    private readonly FeedForward _feedForward;
    private readonly ResidualNorm _block1, _block2;
    private readonly int _dim;

    public EncoderLayer(SafetensorsFile file, string prefix, ActConfig config, ActProfile? profile = null)
    {
        _dim = config.DimModel;
        _attention = new MultiheadAttentionLayer(file, prefix + ".self_attn", _dim, config.NHeads, profile, "encoder");
        _feedForward = new FeedForward(file, prefix, _dim, config.DimFeedforward, config.FeedforwardActivation, profile, "encoder");
        _block1 = new ResidualNorm(Weights.LayerNorm(file, prefix + ".norm1", _dim), _dim, config.PreNorm, profile, "encoder");
        _block2 = new ResidualNorm(Weights.LayerNorm(file, prefix + ".norm2", _dim), _dim, config.PreNorm, profile, "encoder");
    }

    /// <summary>Updates <paramref name="x"/> (<c>[batch·seq, D]</c>) in place; <paramref name="pos"/> is <c>[seq, D]</c>, shared by the batch.</summary>
    public void Forward(float[] x, float[] pos, int batch, int seq, Parallelism parallelism)
    {
        _block1.Apply(x, (input, output) =>
        {
            var qk = WithPosition(input, pos, batch, seq * _dim);
            try
            {
                _attention.Forward(qk, qk, input, batch, seq, seq, output, parallelism);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(qk);
            }
        }, parallelism);
        _block2.Apply(x, (input, output) => _feedForward.Forward(input, batch * seq, output, parallelism), parallelism);
    }

    /// <summary>
    /// <c>x + pos</c> with pos repeated for every sequence of the batch, in an array rented from
    /// <see cref="ArrayPool{T}.Shared"/> (at least <c>batch·perSequence</c> long) that the caller returns.
    /// </summary>
    public static float[] WithPosition(float[] x, float[] pos, int batch, int perSequence)
    {
        var result = ArrayPool<float>.Shared.Rent(batch * perSequence);
        for (int b = 0; b < batch; b++)
            TensorPrimitives.Add(x.AsSpan(b * perSequence, perSequence), pos.AsSpan(0, perSequence), result.AsSpan(b * perSequence, perSequence));
        return result;
    }
}
