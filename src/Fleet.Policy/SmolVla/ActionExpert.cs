using Fleet.Policy.Checkpoints;
using Fleet.Policy.FlowMatching;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla;

/// <summary>
/// SmolVLA's velocity network (research policies.md §1.3 step 8): the noisy action chunk and the timestep become
/// suffix tokens (<c>action_in_proj</c>, then <c>action_time_mlp_out(silu(action_time_mlp_in([a, time])))</c>), the
/// expert layers run over them against the <see cref="PrefixCache"/>, and <c>action_out_proj</c> gives the velocity.
/// Expert layer i self-attends (prefix keys plus causal suffix keys, positions continuing after the prefix) when
/// <c>i mod self_attn_every_n_layers = 0</c>, else cross-attends to its own K/V projections of the cached prefix keys and
/// values (no RoPE on those keys, query positions 0..chunk−1). The time branch of <c>action_time_mlp_in</c> and the
/// cross-attention K/V depend only on the step and the prefix, so they are computed once per model and per chunk.
/// </summary>
internal sealed class ActionExpert
{
    private readonly List<LlamaBlock> _layers = [];
    private readonly float[] _finalNorm;
    private readonly PackedLinear _actionIn;
    private readonly PackedLinear _timeInAction;
    private readonly float[][] _timeTerms;
    private readonly PackedLinear _timeOut;
    private readonly PackedLinear _actionOut;
    private readonly RotaryTable _rope;
    private readonly Scratch _scratch = new();

    public ActionExpert(SafetensorsFile file, SmolVlaConfig config, SmolVlaDimensions dims, RotaryTable rope)
    {
        Sizes = dims.Expert;
        Config = config;
        _rope = rope;
        int e = Sizes.Hidden;
        string prefix = "model.vlm_with_expert.lm_expert.";
        for (int i = 0; i < config.NumExpertLayers; i++)
            _layers.Add(i % config.SelfAttnEveryNLayers == 0
                ? LlamaBlock.ReadSelf(file, $"{prefix}layers.{i}.", Sizes)
                : LlamaBlock.ReadCross(file, $"{prefix}layers.{i}.", Sizes, dims.Text.KvWidth));
        _finalNorm = file.ReadFloat32(prefix + "norm.weight", e);
        _actionIn = PackedLinear.Read(file, "model.action_in_proj", config.MaxActionDim, e, bias: true);
        _actionOut = PackedLinear.Read(file, "model.action_out_proj", e, config.MaxActionDim, bias: true);
        _timeOut = PackedLinear.Read(file, "model.action_time_mlp_out", e, e, bias: true);
        var timeIn = file.ReadFloat32("model.action_time_mlp_in.weight", e, 2 * e);
        var timeBias = file.ReadFloat32("model.action_time_mlp_in.bias", e);
        _timeInAction = PackedLinear.FromWeight(Columns(timeIn, e, 2 * e, 0, e), e, e, null);
        _timeTerms = TimeTerms(Columns(timeIn, e, 2 * e, e, e), timeBias, e, config);
    }

    public TextSizes Sizes { get; }

    public SmolVlaConfig Config { get; }

    /// <summary>Per-chunk state: the prefix-dependent keys and values, positions and masks.</summary>
    public Chunk Prepare(PrefixCache cache, Parallelism parallelism) => new(this, cache, parallelism);

    /// <summary>
    /// One velocity evaluation for the whole batch: <paramref name="x"/> and <paramref name="velocity"/> are
    /// <c>[batch, chunk, max_action_dim]</c>; <paramref name="step"/> selects the precomputed time branch.
    /// </summary>
    public void Velocity(Chunk chunk, ReadOnlySpan<float> x, int step, Span<float> velocity, Parallelism parallelism)
    {
        var s = Sizes;
        int e = s.Hidden, rows = chunk.Rows;
        var suffix = chunk.Suffix;
        var hidden = _scratch.Hidden(rows * e);
        _actionIn.Forward(x, rows, suffix, parallelism);
        _timeInAction.Forward(suffix, rows, hidden, parallelism);
        var term = _timeTerms[step];
        for (int r = 0; r < rows; r++)
        {
            var row = hidden.Slice(r * e, e);
            for (int i = 0; i < e; i++)
            {
                float v = row[i] + term[i];
                row[i] = v / (1f + MathF.Exp(-v));
            }
        }
        _timeOut.Forward(hidden, rows, suffix, parallelism);
        for (int l = 0; l < _layers.Count; l++)
            Layer(l, chunk, suffix, parallelism);
        RmsNorm.Forward(suffix, e, _finalNorm, s.RmsNormEps);
        _actionOut.Forward(suffix, rows, velocity, parallelism);
    }

    private void Layer(int l, Chunk chunk, Span<float> x, Parallelism parallelism)
    {
        var layer = _layers[l];
        var s = Sizes;
        int rows = chunk.Rows, length = chunk.Length;
        var normed = _scratch.Normed(rows * s.Hidden);
        layer.InputNormInto(x, rows, normed);
        var attention = _scratch.Attention(rows * s.QueryWidth);
        if (layer.IsCross)
        {
            var q = _scratch.Projection(rows * s.QueryWidth);
            layer.Projection.Forward(normed, rows, q, parallelism);
            _rope.Apply(q, s.QueryWidth, s.Heads, chunk.CrossPositions);
            var (keys, values) = chunk.Cross(l);
            for (int b = 0; b < chunk.Batch; b++)
            {
                int at = chunk.Prefix.Offset(b), n = chunk.Prefix.Lengths[b];
                GroupedQueryAttention.Forward(q[(b * length * s.QueryWidth)..], s.QueryWidth, keys.AsSpan(at * s.KvWidth), s.KvWidth,
                    values.AsSpan(at * s.KvWidth), s.KvWidth, length, n, s.Heads, s.KvHeads, s.HeadDim, default,
                    attention[(b * length * s.QueryWidth)..], s.QueryWidth, parallelism);
            }
        }
        else
        {
            int width = s.QueryWidth + 2 * s.KvWidth;
            var proj = _scratch.Projection(rows * width);
            layer.Projection.Forward(normed, rows, proj, parallelism);
            _rope.Apply(proj, width, s.Heads, chunk.SelfPositions);
            _rope.Apply(proj[s.QueryWidth..], width, s.KvHeads, chunk.SelfPositions);
            for (int b = 0; b < chunk.Batch; b++)
            {
                var (keys, values) = chunk.Self(l, b);
                int n = chunk.Prefix.Lengths[b];
                for (int j = 0; j < length; j++)
                {
                    int r = b * length + j;
                    proj.Slice(r * width + s.QueryWidth, s.KvWidth).CopyTo(keys.AsSpan((n + j) * s.KvWidth));
                    proj.Slice(r * width + s.QueryWidth + s.KvWidth, s.KvWidth).CopyTo(values.AsSpan((n + j) * s.KvWidth));
                }
                GroupedQueryAttention.Forward(proj[(b * length * width)..], width, keys, s.KvWidth, values, s.KvWidth,
                    length, n + length, s.Heads, s.KvHeads, s.HeadDim, chunk.SelfVisible(b),
                    attention[(b * length * s.QueryWidth)..], s.QueryWidth, parallelism);
            }
        }
        layer.ResidualTail(x, rows, attention, _scratch, parallelism);
    }

    private static float[][] TimeTerms(float[] timeWeight, float[] bias, int e, SmolVlaConfig config)
    {
        var sampler = new EulerSampler(config.NumSteps);
        var embedding = new TimeEmbedding(e, config.MinPeriod, config.MaxPeriod);
        var emb = new float[e];
        var terms = new float[config.NumSteps][];
        for (int k = 0; k < config.NumSteps; k++)
        {
            embedding.Embed(sampler.TimeAt(k), emb);
            var term = new float[e];
            Gemm.Multiply(1, e, e, emb, e, false, timeWeight, e, true, term, e, false);
            for (int i = 0; i < e; i++) term[i] += bias[i];
            terms[k] = term;
        }
        return terms;
    }

    private static float[] Columns(float[] matrix, int rows, int ld, int start, int count)
    {
        var result = new float[rows * count];
        for (int r = 0; r < rows; r++) matrix.AsSpan(r * ld + start, count).CopyTo(result.AsSpan(r * count));
        return result;
    }

    /// <summary>
    /// What one chunk's denoising needs besides the weights: the suffix buffer, RoPE positions, the self-attention
    /// key/value buffers (prefix rows filled once, suffix rows rewritten each step) and the cross-attention K/V
    /// projections of the prefix (computed once, as they do not change between steps).
    /// </summary>
    internal sealed class Chunk
    {
        private readonly float[]?[][] _selfKeys;
        private readonly float[]?[][] _selfValues;
        private readonly (float[] Keys, float[] Values)?[] _cross;
        private readonly int[][] _selfVisible;

        public Chunk(ActionExpert expert, PrefixCache prefix, Parallelism parallelism)
        {
            Prefix = prefix;
            Batch = prefix.Batch;
            Length = expert.Config.ChunkSize;
            Rows = Batch * Length;
            var s = expert.Sizes;
            Suffix = new float[Rows * s.Hidden];
            SelfPositions = new int[Rows];
            CrossPositions = new int[Rows];
            _selfVisible = new int[Batch][];
            for (int b = 0; b < Batch; b++)
            {
                int n = prefix.Lengths[b];
                _selfVisible[b] = new int[Length];
                for (int j = 0; j < Length; j++)
                {
                    SelfPositions[b * Length + j] = n + j;
                    CrossPositions[b * Length + j] = j;
                    _selfVisible[b][j] = n + j + 1;
                }
            }
            int layers = expert._layers.Count;
            _selfKeys = new float[]?[layers][];
            _selfValues = new float[]?[layers][];
            _cross = new (float[], float[])?[layers];
            for (int l = 0; l < layers; l++)
            {
                var layer = expert._layers[l];
                if (layer.IsCross)
                {
                    var keys = new float[prefix.TotalRows * s.KvWidth];
                    var values = new float[prefix.TotalRows * s.KvWidth];
                    layer.CrossK!.Forward(prefix.AllKeys(l), prefix.TotalRows, keys, parallelism);
                    layer.CrossV!.Forward(prefix.AllValues(l), prefix.TotalRows, values, parallelism);
                    _cross[l] = (keys, values);
                    continue;
                }
                _selfKeys[l] = new float[Batch][];
                _selfValues[l] = new float[Batch][];
                for (int b = 0; b < Batch; b++)
                {
                    int n = prefix.Lengths[b];
                    var keys = new float[(n + Length) * s.KvWidth];
                    var values = new float[(n + Length) * s.KvWidth];
                    prefix.Keys(l, b).CopyTo(keys);
                    prefix.Values(l, b).CopyTo(values);
                    _selfKeys[l]![b] = keys;
                    _selfValues[l]![b] = values;
                }
            }
        }

        public PrefixCache Prefix { get; }

        public int Batch { get; }

        /// <summary>Action tokens per observation.</summary>
        public int Length { get; }

        /// <summary>Suffix rows over the batch.</summary>
        public int Rows { get; }

        public float[] Suffix { get; }

        public int[] SelfPositions { get; }

        public int[] CrossPositions { get; }

        public ReadOnlySpan<int> SelfVisible(int item) => _selfVisible[item];

        public (float[] Keys, float[] Values) Self(int layer, int item) => (_selfKeys[layer]![item]!, _selfValues[layer]![item]!);

        public (float[] Keys, float[] Values) Cross(int layer) => _cross[layer]!.Value;
    }
}
