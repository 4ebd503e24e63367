using System.Buffers;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act.Transformer;

/// <summary>
/// torch <c>nn.MultiheadAttention</c> (batch of independent sequences, no mask): the packed <c>in_proj_weight</c>
/// <c>[3D, D]</c> is split into Wq, Wk, Wv (rows 0..D, D..2D, 2D..3D, bias likewise), heads of <c>D/H</c> attend
/// with scale <c>1/√(D/H)</c>, then <c>out_proj</c>.
/// </summary>
internal sealed class MultiheadAttentionLayer
{
    private readonly Linear _q, _k, _v, _out;
    private readonly int _dim, _heads;
    private readonly ActProfile? _profile;
    private readonly string _name;

    public MultiheadAttentionLayer(SafetensorsFile file, string prefix, int dim, int heads, ActProfile? profile = null, string name = "")
    {
        _profile = profile;
        _name = name;
        _dim = dim;
        _heads = heads;
        var w = file.ReadFloat32(prefix + ".in_proj_weight", 3L * dim, dim);
        var b = file.ReadFloat32(prefix + ".in_proj_bias", 3L * dim);
        _q = new Linear(dim, dim, w[..(dim * dim)], b[..dim]);
        _k = new Linear(dim, dim, w[(dim * dim)..(2 * dim * dim)], b[dim..(2 * dim)]);
        _v = new Linear(dim, dim, w[(2 * dim * dim)..], b[(2 * dim)..]);
        _out = Weights.Linear(file, prefix + ".out_proj", dim, dim);
    }

    /// <summary>
    /// Attends <paramref name="batch"/> sequences: query rows <c>[batch·lq, D]</c>, key and value rows
    /// <c>[batch·lk, D]</c>; writes <c>[batch·lq, D]</c> to <paramref name="output"/>.
    /// </summary>
    public void Forward(ReadOnlySpan<float> query, ReadOnlySpan<float> key, ReadOnlySpan<float> value, int batch, int lq, int lk,
        Span<float> output, Parallelism parallelism)
    {
        int d = _dim;
        var pool = ArrayPool<float>.Shared;
        // Pooled: four [batch·tokens, D] buffers per layer would otherwise be allocated (and zeroed) on every call.
        float[] q = pool.Rent(batch * lq * d), k = pool.Rent(batch * lk * d), v = pool.Rent(batch * lk * d), context = pool.Rent(batch * lq * d);
        try
        {
            using (ActProfile.Time(_profile, _name + " q/k/v GEMM"))
            {
                _q.Forward(query, batch * lq, q, parallelism);
                _k.Forward(key, batch * lk, k, parallelism);
                _v.Forward(value, batch * lk, v, parallelism);
            }
            var attention = ActProfile.Time(_profile, _name + " attention core");
            int heads = _heads, headDim = d / heads;
            float scale = 1f / MathF.Sqrt(headDim);
            // BlockedAttention splits (head, query block) items over the threads and keeps each item's scores in
            // cache; the per-(sequence, head) Attention.Forward packed K and V for unblocked GEMMs on every call.
            for (int bi = 0; bi < batch; bi++)
                BlockedAttention.Forward(q.AsSpan(bi * lq * d, lq * d), d, k.AsSpan(bi * lk * d, lk * d), d, v.AsSpan(bi * lk * d, lk * d), d,
                    lq, lk, heads, headDim, scale, context.AsSpan(bi * lq * d, lq * d), d, parallelism);
            attention.Dispose();
            using (ActProfile.Time(_profile, _name + " out GEMM"))
                _out.Forward(context, batch * lq, output, parallelism);
        }
        finally
        {
            pool.Return(q);
            pool.Return(k);
            pool.Return(v);
            pool.Return(context);
        }
    }
}
