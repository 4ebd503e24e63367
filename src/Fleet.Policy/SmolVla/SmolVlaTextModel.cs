using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla;

/// <summary>
/// The VLM text layers SmolVLA keeps (the first <c>num_vlm_layers</c> SmolLM2 layers under
/// <c>…vlm.model.text_model.</c>), run once per chunk over the prefix to fill the <see cref="PrefixCache"/>. RoPE uses
/// base 10000 with fp32 angles; attention is grouped-query with the prefix mask of research policies.md §1.3 step 6.
/// The last layer's attention output, MLP and the final norm feed nothing the expert reads, so they are not loaded.
/// </summary>
internal sealed class SmolVlaTextModel
{
    private readonly List<LlamaBlock> _layers = [];
    private readonly RotaryTable _rope;
    private readonly Scratch _scratch = new();

    public SmolVlaTextModel(SafetensorsFile file, string prefix, TextSizes sizes, int layers, RotaryTable rope)
    {
        Sizes = sizes;
        _rope = rope;
        for (int i = 0; i < layers; i++)
            _layers.Add(LlamaBlock.ReadSelf(file, $"{prefix}layers.{i}.", sizes, keysOnly: i == layers - 1));
    }

    public TextSizes Sizes { get; }

    public int Layers => _layers.Count;

    /// <summary>
    /// Runs the prefix. <paramref name="x"/> holds every observation's valid prefix embeddings one after another
    /// (<paramref name="lengths"/> rows each, overwritten); <paramref name="flags"/> the matching autoregressive flags
    /// (0 for image/language tokens, 1 for the state token). Row q of an observation sees key k iff
    /// <c>cumsum(flags)[k] ≤ cumsum(flags)[q]</c>; positions are 0, 1, 2, … per observation.
    /// </summary>
    public PrefixCache Prefill(float[] x, int[] lengths, int[] flags, Parallelism parallelism)
    {
        var s = Sizes;
        var cache = new PrefixCache(_layers.Count, s.KvWidth, lengths);
        int rows = cache.TotalRows;
        var positions = new int[rows];
        var visible = new int[rows];
        for (int b = 0; b < lengths.Length; b++)
            Layout(flags.AsSpan(cache.Offset(b), lengths[b]), positions.AsSpan(cache.Offset(b)), visible.AsSpan(cache.Offset(b)));

        var normed = new float[rows * s.Hidden];
        for (int l = 0; l < _layers.Count; l++)
        {
            var layer = _layers[l];
            bool last = l == _layers.Count - 1;
            int qWidth = last ? 0 : s.QueryWidth, width = qWidth + 2 * s.KvWidth;
            layer.InputNormInto(x, rows, normed);
            var proj = _scratch.Projection(rows * width);
            layer.Projection.Forward(normed, rows, proj, parallelism);
            if (!last) _rope.Apply(proj, width, s.Heads, positions);
            _rope.Apply(proj[qWidth..], width, s.KvHeads, positions);
            CopyColumns(proj, width, qWidth, s.KvWidth, rows, cache.KeyBuffer(l));
            CopyColumns(proj, width, qWidth + s.KvWidth, s.KvWidth, rows, cache.ValueBuffer(l));
            if (last)
                break;
            var attention = _scratch.Attention(rows * s.QueryWidth);
            for (int b = 0; b < lengths.Length; b++)
            {
                int at = cache.Offset(b), n = lengths[b];
                GroupedQueryAttention.Forward(proj[(at * width)..], width, cache.Keys(l, b), s.KvWidth, cache.Values(l, b), s.KvWidth,
                    n, n, s.Heads, s.KvHeads, s.HeadDim, visible.AsSpan(at, n), attention[(at * s.QueryWidth)..], s.QueryWidth, parallelism);
            }
            layer.ResidualTail(x, rows, attention, _scratch, parallelism);
        }
        return cache;
    }

    /// <summary>Positions 0..n−1 and, per row, how many leading keys it sees under the cumulative-flag rule.</summary>
    internal static void Layout(ReadOnlySpan<int> flags, Span<int> positions, Span<int> visible)
    {
        int n = flags.Length;
        Span<int> cumulative = n <= 1024 ? stackalloc int[n] : new int[n];
        int sum = 0;
        for (int i = 0; i < n; i++) cumulative[i] = sum += flags[i];
        for (int q = 0; q < n; q++)
        {
            positions[q] = q;
            // cumsum is non-decreasing, so the keys with c[k] ≤ c[q] are a prefix of the sequence.
            int count = q + 1;
            while (count < n && cumulative[count] <= cumulative[q]) count++;
            visible[q] = count;
        }
    }

    private static void CopyColumns(ReadOnlySpan<float> source, int ld, int column, int width, int rows, Span<float> destination)
    {
        for (int r = 0; r < rows; r++)
            source.Slice(r * ld + column, width).CopyTo(destination.Slice(r * width, width));
    }
}
