using Fleet.Policy.SmolVla.Vision;
using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.SmolVla.Vision;

/// <summary>
/// The vision tower and connector written the textbook way, one image at a time, with double accumulation and
/// the connector's pixel shuffle done as the chain of torch views and permutes it is defined by
/// (<see cref="TorchPixelShuffle"/>). Nothing here shares code with the encoder under test.
/// </summary>
public static class NaiveVisionTower
{
    public static float[] Encode(TinyVisionWeights w, float[] images, int batch)
    {
        var c = w.Config;
        int s = c.ImageSize, d = c.Hidden, n = c.Patches, tokens = c.TokensPerImage;
        var output = new List<float>();
        for (int b = 0; b < batch; b++)
        {
            var image = images.AsSpan(b * 3 * s * s, 3 * s * s).ToArray();
            // Conv output [d, G, G] → tokens [n, d] (flatten(2).transpose(1, 2)).
            var conv = Naive.Conv2d(image, 3, s, s, w["vision_model.embeddings.patch_embedding.weight"],
                w["vision_model.embeddings.patch_embedding.bias"], d, c.PatchSize, c.PatchSize, 0, 1);
            var h = new double[n * d];
            var pos = w["vision_model.embeddings.position_embedding.weight"];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) h[i * d + j] = (double)conv[j * n + i] + pos[i * d + j];
            for (int l = 0; l < c.Layers; l++)
                h = Layer(w, $"vision_model.encoder.layers.{l}.", h, n);
            var post = LayerNorm(h, d, w["vision_model.post_layernorm.weight"], w["vision_model.post_layernorm.bias"], c.LayerNormEps);
            var shuffled = TorchPixelShuffle(post, n, d, c.ScaleFactor);
            output.AddRange(Linear(shuffled, tokens, c.ShuffledWidth, w["connector.modality_projection.proj.weight"], null, w.TextHidden).Select(v => (float)v));
        }
        return output.ToArray();
    }

    public static double[] Layer(TinyVisionWeights w, string p, double[] h, int n)
    {
        var c = w.Config;
        int d = c.Hidden, hd = c.HeadDim;
        var x = LayerNorm(h, d, w[p + "layer_norm1.weight"], w[p + "layer_norm1.bias"], c.LayerNormEps);
        var q = Linear(x, n, d, w[p + "self_attn.q_proj.weight"], w[p + "self_attn.q_proj.bias"], d);
        var k = Linear(x, n, d, w[p + "self_attn.k_proj.weight"], w[p + "self_attn.k_proj.bias"], d);
        var v = Linear(x, n, d, w[p + "self_attn.v_proj.weight"], w[p + "self_attn.v_proj.bias"], d);
        var context = new double[n * d];
        for (int head = 0; head < c.Heads; head++)
            for (int i = 0; i < n; i++)
            {
                var scores = new double[n];
                for (int j = 0; j < n; j++)
                {
                    double dot = 0;
                    for (int t = 0; t < hd; t++) dot += q[i * d + head * hd + t] * k[j * d + head * hd + t];
                    scores[j] = dot / Math.Sqrt(hd);
                }
                double max = scores.Max(), sum = scores.Sum(z => Math.Exp(z - max));
                for (int t = 0; t < hd; t++)
                {
                    double acc = 0;
                    for (int j = 0; j < n; j++) acc += Math.Exp(scores[j] - max) / sum * v[j * d + head * hd + t];
                    context[i * d + head * hd + t] = acc;
                }
            }
        var attn = Linear(context, n, d, w[p + "self_attn.out_proj.weight"], w[p + "self_attn.out_proj.bias"], d);
        var h1 = h.Zip(attn, (a, b) => a + b).ToArray();
        var x2 = LayerNorm(h1, d, w[p + "layer_norm2.weight"], w[p + "layer_norm2.bias"], c.LayerNormEps);
        var f1 = Linear(x2, n, d, w[p + "mlp.fc1.weight"], w[p + "mlp.fc1.bias"], c.Intermediate).Select(GeluTanh).ToArray();
        var f2 = Linear(f1, n, c.Intermediate, w[p + "mlp.fc2.weight"], w[p + "mlp.fc2.bias"], d);
        return h1.Zip(f2, (a, b) => a + b).ToArray();
    }

    public static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

    public static double[] LayerNorm(double[] x, int dim, float[] gamma, float[] beta, double eps)
    {
        var y = new double[x.Length];
        for (int r = 0; r < x.Length / dim; r++)
        {
            var row = x.AsSpan(r * dim, dim);
            double mean = 0, variance = 0;
            foreach (double v in row) mean += v;
            mean /= dim;
            foreach (double v in row) variance += (v - mean) * (v - mean);
            variance /= dim;
            for (int j = 0; j < dim; j++) y[r * dim + j] = (row[j] - mean) / Math.Sqrt(variance + eps) * gamma[j] + beta[j];
        }
        return y;
    }

    /// <summary>torch Linear: <c>y = x·Wᵀ + b</c> with W <c>[out, in]</c>.</summary>
    public static double[] Linear(double[] x, int rows, int inFeatures, float[] weight, float[]? bias, int outFeatures)
    {
        var y = new double[rows * outFeatures];
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < outFeatures; o++)
            {
                double acc = bias?[o] ?? 0;
                for (int i = 0; i < inFeatures; i++) acc += x[r * inFeatures + i] * weight[o * inFeatures + i];
                y[r * outFeatures + o] = acc;
            }
        return y;
    }

    /// <summary>
    /// SmolVLM's pixel_shuffle for one image, step by step as torch evaluates it: view (G, G, D) → view (G, G/s, D·s) →
    /// permute(1, 0, 2) → reshape (G/s, G/s, D·s²) → permute(1, 0, 2) → reshape (G²/s², D·s²). Each step is an explicit
    /// index map over a contiguous copy.
    /// </summary>
    public static double[] TorchPixelShuffle(double[] x, int seq, int dim, int s)
    {
        int g = (int)Math.Round(Math.Sqrt(seq));
        // view (G, G/s, D·s) of the contiguous (G, G, D): no data movement.
        var a = x;
        // permute(1, 0, 2): b[c1, r, f] = a[r, c1, f], made contiguous.
        int gs = g / s, f1 = dim * s;
        var b = new double[a.Length];
        for (int r = 0; r < g; r++)
            for (int c1 = 0; c1 < gs; c1++)
                for (int f = 0; f < f1; f++) b[(c1 * g + r) * f1 + f] = a[(r * gs + c1) * f1 + f];
        // reshape (G/s, G/s, D·s²) of the contiguous b: no movement. permute(1, 0, 2): e[r1, c1, f] = b[c1, r1, f].
        int f2 = dim * s * s;
        var e = new double[a.Length];
        for (int c1 = 0; c1 < gs; c1++)
            for (int r1 = 0; r1 < gs; r1++)
                for (int f = 0; f < f2; f++) e[(r1 * gs + c1) * f2 + f] = b[(c1 * gs + r1) * f2 + f];
        return e;
    }
}
