using System.Numerics.Tensors;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla;

/// <summary>
/// The weights of one Llama decoder layer (SmolLM2 text layer or action-expert layer, no biases):
/// <c>h = x + o(attn(RMSNorm₁(x)))</c>, <c>x' = h + down(silu(gate(RMSNorm₂(h)))·up(RMSNorm₂(h)))</c>. Q, K and V of a
/// self-attention layer are stacked into one GEMM (<c>[q | k | v]</c> per row), gate and up into another. A
/// cross-attention expert layer instead has Q alone plus K/V projections of the VLM's cached keys/values.
/// </summary>
internal sealed class LlamaBlock
{
    private LlamaBlock(TextSizes sizes, float[] inputNorm, PackedLinear projection, PackedLinear? crossK, PackedLinear? crossV,
        PackedLinear? output, float[]? postNorm, PackedLinear? gateUp, PackedLinear? down)
    {
        Sizes = sizes;
        InputNorm = inputNorm;
        Projection = projection;
        CrossK = crossK;
        CrossV = crossV;
        Output = output;
        PostNorm = postNorm;
        GateUp = gateUp;
        Down = down;
    }

    public TextSizes Sizes { get; }

    public float[] InputNorm { get; }

    /// <summary>Self-attention: Q, K, V stacked. Cross-attention: Q only.</summary>
    public PackedLinear Projection { get; }

    /// <summary>Cross-attention only: projects the cached VLM keys (KV width in) to this layer's keys.</summary>
    public PackedLinear? CrossK { get; }

    /// <summary>Cross-attention only: projects the cached VLM values.</summary>
    public PackedLinear? CrossV { get; }

    /// <summary>o_proj; null for a layer whose attention output is never used (the VLM's last layer).</summary>
    public PackedLinear? Output { get; }

    public float[]? PostNorm { get; }

    public PackedLinear? GateUp { get; }

    public PackedLinear? Down { get; }

    /// <summary>True when this layer cross-attends to projected prefix keys/values.</summary>
    public bool IsCross => CrossK is not null;

    /// <summary>A self-attention layer. With <paramref name="keysOnly"/> only the input norm and K/V are read (nothing
    /// downstream of them is ever used, as for the VLM's last layer during prefill).</summary>
    public static LlamaBlock ReadSelf(SafetensorsFile file, string prefix, TextSizes s, bool keysOnly = false)
    {
        var norm = file.ReadFloat32(prefix + "input_layernorm.weight", s.Hidden);
        string a = prefix + "self_attn.";
        var projection = keysOnly
            ? PackedLinear.Stack(file, s.Hidden, (a + "k_proj", s.KvWidth), (a + "v_proj", s.KvWidth))
            : PackedLinear.Stack(file, s.Hidden, (a + "q_proj", s.QueryWidth), (a + "k_proj", s.KvWidth), (a + "v_proj", s.KvWidth));
        if (keysOnly)
            return new LlamaBlock(s, norm, projection, null, null, null, null, null, null);
        var (output, post, gateUp, down) = ReadRest(file, prefix, s);
        return new LlamaBlock(s, norm, projection, null, null, output, post, gateUp, down);
    }

    /// <summary>A cross-attention expert layer whose K/V read the VLM's cached keys/values of width <paramref name="vlmKvWidth"/>.</summary>
    public static LlamaBlock ReadCross(SafetensorsFile file, string prefix, TextSizes s, int vlmKvWidth)
    {
        var norm = file.ReadFloat32(prefix + "input_layernorm.weight", s.Hidden);
        string a = prefix + "self_attn.";
        var q = PackedLinear.Read(file, a + "q_proj", s.Hidden, s.QueryWidth, bias: false);
        var k = PackedLinear.Read(file, a + "k_proj", vlmKvWidth, s.KvWidth, bias: false);
        var v = PackedLinear.Read(file, a + "v_proj", vlmKvWidth, s.KvWidth, bias: false);
        var (output, post, gateUp, down) = ReadRest(file, prefix, s);
        return new LlamaBlock(s, norm, q, k, v, output, post, gateUp, down);
    }

    private static (PackedLinear, float[], PackedLinear, PackedLinear) ReadRest(SafetensorsFile file, string prefix, TextSizes s) =>
        (PackedLinear.Read(file, prefix + "self_attn.o_proj", s.QueryWidth, s.Hidden, bias: false),
         file.ReadFloat32(prefix + "post_attention_layernorm.weight", s.Hidden),
         PackedLinear.Stack(file, s.Hidden, (prefix + "mlp.gate_proj", s.Intermediate), (prefix + "mlp.up_proj", s.Intermediate)),
         PackedLinear.Read(file, prefix + "mlp.down_proj", s.Intermediate, s.Hidden, bias: false));

    /// <summary>
    /// The residual tail after attention, in place on <paramref name="x"/> (<paramref name="rows"/> rows):
    /// <c>x += o(attn)</c>, then <c>x += down(silu(gate(n))·up(n))</c> with <c>n = RMSNorm₂(x)</c>.
    /// </summary>
    public void ResidualTail(Span<float> x, int rows, ReadOnlySpan<float> attention, Scratch scratch, Parallelism parallelism)
    {
        int d = Sizes.Hidden, m = Sizes.Intermediate;
        Output!.Forward(attention, rows, x, parallelism, accumulate: true);
        var normed = scratch.Normed(rows * d);
        x[..(rows * d)].CopyTo(normed);
        RmsNorm.Forward(normed, d, PostNorm!, Sizes.RmsNormEps);
        var gateUp = scratch.GateUp(rows * 2 * m);
        GateUp!.Forward(normed, rows, gateUp, parallelism);
        var hidden = scratch.Hidden(rows * m);
        for (int r = 0; r < rows; r++)
            SiluTimes(gateUp.Slice(r * 2 * m, m), gateUp.Slice(r * 2 * m + m, m), hidden.Slice(r * m, m));
        Down!.Forward(hidden, rows, x, parallelism, accumulate: true);
    }

    /// <summary>Copies <paramref name="x"/> into <paramref name="normed"/> and applies the input RMSNorm.</summary>
    public void InputNormInto(ReadOnlySpan<float> x, int rows, Span<float> normed)
    {
        x[..(rows * Sizes.Hidden)].CopyTo(normed);
        RmsNorm.Forward(normed[..(rows * Sizes.Hidden)], Sizes.Hidden, InputNorm, Sizes.RmsNormEps);
    }

    /// <summary><c>h = silu(g)·u</c> with SIMD: <c>silu(g) = g·σ(g)</c>.</summary>
    public static void SiluTimes(ReadOnlySpan<float> g, ReadOnlySpan<float> u, Span<float> h)
    {
        TensorPrimitives.Sigmoid(g, h);
        TensorPrimitives.Multiply(h, g, h);
        TensorPrimitives.Multiply(h, u, h);
    }
}
