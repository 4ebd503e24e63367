using System.Numerics.Tensors;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla.Vision;

/// <summary>
/// One pre-LN SigLIP encoder layer on the <c>[patches, hidden]</c> residual stream h:
/// <c>h += out_proj(MHA(LN1(h)))</c>, then <c>h += fc2(gelu_tanh(fc1(LN2(h))))</c>. MHA has biases on q, k, v and out,
/// scale 1/√headDim and no mask. Q, K and V are one GEMM against a fused, pre-packed <c>[hidden, 3·hidden]</c> weight
/// with the attention scale folded into the Q columns; out_proj and fc2 accumulate straight into h; fc1's bias is
/// fused with the GELU.
/// </summary>
internal sealed class SigLipEncoderLayer
{
    private readonly float[] _ln1Gamma, _ln1Beta, _ln2Gamma, _ln2Beta;
    private readonly PackedMatrix _qkv, _out, _fc1, _fc2;
    private readonly float[] _qkvBias, _outBias, _fc1Bias, _fc2Bias;
    private readonly int _hidden, _heads, _intermediate;
    private readonly float _eps;

    public SigLipEncoderLayer(VisionWeights weights, string prefix, SigLipConfig config)
    {
        int d = config.Hidden;
        _hidden = d;
        _heads = config.Heads;
        _intermediate = config.Intermediate;
        _eps = config.LayerNormEps;
        _ln1Gamma = weights.Read(prefix + "layer_norm1.weight", d);
        _ln1Beta = weights.Read(prefix + "layer_norm1.bias", d);
        _ln2Gamma = weights.Read(prefix + "layer_norm2.weight", d);
        _ln2Beta = weights.Read(prefix + "layer_norm2.bias", d);
        (_qkv, _qkvBias) = FusedQkv(weights, prefix + "self_attn.", d, 1f / MathF.Sqrt(config.HeadDim));
        (_out, _outBias) = Pack(weights, prefix + "self_attn.out_proj", d, d);
        (_fc1, _fc1Bias) = Pack(weights, prefix + "mlp.fc1", d, config.Intermediate);
        (_fc2, _fc2Bias) = Pack(weights, prefix + "mlp.fc2", config.Intermediate, d);
    }

    /// <summary>Runs the layer on <c>workspace.Hidden</c> (<paramref name="rows"/> patches), in place.</summary>
    public void Forward(VisionWorkspace workspace, int rows, Parallelism parallelism)
    {
        int d = _hidden, wide = 3 * d;
        float[] h = workspace.Hidden, x = workspace.Normed, big = workspace.Wide;
        RowRanges.For(parallelism, rows, d, (r0, r1) => VectorLayerNorm.Forward(h, x, d, r0, r1, _ln1Gamma, _ln1Beta, _eps));
        Gemm.Multiply(rows, wide, d, x, d, false, _qkv, big, wide, false, parallelism);
        AddBias(big, wide, rows, _qkvBias, parallelism);
        // The context overwrites the LayerNorm output, which the Q|K|V GEMM has consumed.
        BlockedAttention.Forward(big, wide, big.AsSpan(d), wide, big.AsSpan(2 * d), wide, rows, rows, _heads, d / _heads, 1f,
            x, d, parallelism);
        Gemm.Multiply(rows, d, d, x, d, false, _out, h, d, accumulate: true, parallelism);
        AddBias(h, d, rows, _outBias, parallelism);

        RowRanges.For(parallelism, rows, d, (r0, r1) => VectorLayerNorm.Forward(h, x, d, r0, r1, _ln2Gamma, _ln2Beta, _eps));
        int m = _intermediate;
        Gemm.Multiply(rows, m, d, x, d, false, _fc1, big, m, false, parallelism);
        RowRanges.For(parallelism, rows, m, (r0, r1) => BiasGelu.ForwardTanh(big, m, r0, r1, _fc1Bias));
        Gemm.Multiply(rows, d, m, big, m, false, _fc2, h, d, accumulate: true, parallelism);
        AddBias(h, d, rows, _fc2Bias, parallelism);
    }

    internal static void AddBias(float[] y, int width, int rows, float[] bias, Parallelism parallelism) =>
        RowRanges.For(parallelism, rows, width, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var row = y.AsSpan(r * width, width);
                TensorPrimitives.Add(row, bias, row);
            }
        });

    /// <summary>Packs a PyTorch Linear <c>[out, in]</c> weight for <c>x·Wᵀ</c> and reads its bias.</summary>
    internal static (PackedMatrix Weight, float[] Bias) Pack(VisionWeights weights, string module, int inFeatures, int outFeatures)
    {
        var w = weights.Read(module + ".weight", outFeatures, inFeatures);
        var b = weights.Read(module + ".bias", outFeatures);
        return (PackedMatrix.Pack(w, inFeatures, outFeatures, inFeatures, transpose: true), b);
    }

    private static (PackedMatrix, float[]) FusedQkv(VisionWeights weights, string prefix, int d, float scale)
    {
        var w = new float[3 * d * d];
        var b = new float[3 * d];
        string[] names = ["q_proj", "k_proj", "v_proj"];
        for (int i = 0; i < 3; i++)
        {
            var wi = weights.Read(prefix + names[i] + ".weight", d, d);
            var bi = weights.Read(prefix + names[i] + ".bias", d);
            if (i == 0)
            {
                // (x·Wqᵀ + bq)·s = x·(s·Wq)ᵀ + s·bq: the score scale moves into the weights, off the 1024² scores.
                TensorPrimitives.Multiply(wi, scale, wi);
                TensorPrimitives.Multiply(bi, scale, bi);
            }
            wi.CopyTo(w, i * d * d);
            bi.CopyTo(b, i * d);
        }
        return (PackedMatrix.Pack(w, d, 3 * d, d, transpose: true), b);
    }
}
