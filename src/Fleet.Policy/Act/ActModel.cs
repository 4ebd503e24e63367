using Fleet.Policy.Act.Backbone;
using Fleet.Policy.Act.Transformer;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act;

/// <summary>
/// ACT's inference network on normalized tensors (LeRobot's <c>ACT</c> module, weights under <c>model.</c>):
/// per camera a ResNet feature map → 1×1 input projection → image tokens with 2-D sine positions; encoder tokens
/// <c>[latent, state, cam1…, cam2…]</c> (latent = bias of <c>encoder_latent_input_proj</c>, as the VAE latent is zero
/// at inference); the encoder; the decoder over <c>chunk_size</c> zero queries with learned positions; the action
/// head. Deterministic: the same inputs give bit-identical outputs for any thread count. Weights are read once into
/// fp32 arrays (bf16/f16 checkpoints are widened), so the model outlives the checkpoint file.
/// </summary>
public sealed class ActModel
{
    private const string Prefix = "model.";
    private readonly ResNetBackbone _backbone;
    private readonly Linear _imageProjection;
    private readonly Linear _latentProjection;
    private readonly Linear? _stateProjection;
    private readonly float[] _pos1d;
    private readonly float[] _positions;
    private readonly float[] _queryPos;
    private readonly List<EncoderLayer> _encoder = [];
    private readonly (float[] Gamma, float[] Beta)? _encoderNorm;
    private readonly List<DecoderLayer> _decoder = [];
    private readonly (float[] Gamma, float[] Beta) _decoderNorm;
    private readonly Linear _actionHead;

    /// <summary>Loads the network described by <paramref name="config"/> from <paramref name="file"/>.</summary>
    /// <exception cref="CheckpointException">A tensor is missing or its shape disagrees with the config; names the key and both shapes.</exception>
    public ActModel(ActConfig config, SafetensorsFile file)
    {
        Config = config;
        int d = config.DimModel;
        Profile = ActProfile.FromEnvironment();
        _backbone = new ResNetBackbone(file, Prefix + "backbone.", config.VisionBackbone, Profile);
        // The 1×1 conv on the feature map is a Linear on channels-last token rows.
        _imageProjection = new Linear(_backbone.OutChannels, d,
            file.ReadFloat32(Prefix + "encoder_img_feat_input_proj.weight", d, _backbone.OutChannels, 1, 1),
            file.ReadFloat32(Prefix + "encoder_img_feat_input_proj.bias", d));
        _latentProjection = Weights.Linear(file, Prefix + "encoder_latent_input_proj", config.LatentDim, d);
        if (config.StateDim > 0)
            _stateProjection = Weights.Linear(file, Prefix + "encoder_robot_state_input_proj", config.StateDim, d);
        _pos1d = file.ReadFloat32(Prefix + "encoder_1d_feature_pos_embed.weight", OneDTokens, d);
        // The camera sizes are fixed by the config, so the encoder's [seq, D] positions are built once, not per call.
        _positions = [.. _pos1d, .. config.Images.SelectMany(i =>
        {
            var (fh, fw) = ResNetBackbone.OutputSize(i.Height, i.Width);
            return SinePositionEmbedding2d.Tokens(fh, fw, d);
        })];
        _queryPos = file.ReadFloat32(Prefix + "decoder_pos_embed.weight", config.ChunkSize, d);
        for (int i = 0; i < config.NEncoderLayers; i++)
            _encoder.Add(new EncoderLayer(file, $"{Prefix}encoder.layers.{i}", config, Profile));
        if (config.PreNorm)
            _encoderNorm = Weights.LayerNorm(file, Prefix + "encoder.norm", d);
        for (int i = 0; i < config.NDecoderLayers; i++)
            _decoder.Add(new DecoderLayer(file, $"{Prefix}decoder.layers.{i}", config, Profile));
        _decoderNorm = Weights.LayerNorm(file, Prefix + "decoder.norm", d);
        _actionHead = Weights.Linear(file, Prefix + "action_head", d, config.ActionDim);
    }

    /// <summary>Per-section timings when <c>FLEET_ACT_PROFILE=1</c> was set at load, otherwise null.</summary>
    public ActProfile? Profile { get; }

    /// <summary>The configuration the weights were loaded for.</summary>
    public ActConfig Config { get; }

    private int OneDTokens => Config.StateDim > 0 ? 2 : 1;

    /// <summary>
    /// Runs a batch. <paramref name="state"/> is normalized <c>[batch, state_dim]</c> (empty when the policy takes no
    /// state); <paramref name="images"/> holds one normalized <c>[batch, 3, H, W]</c> array per camera in config order.
    /// Returns normalized actions <c>[batch, chunk_size, action_dim]</c>.
    /// </summary>
    public float[] Forward(int batch, ReadOnlySpan<float> state, IReadOnlyList<float[]> images, Parallelism parallelism)
    {
        var (tokens, pos, seq) = EncoderInput(batch, state, images, parallelism);
        using (ActProfile.Time(Profile, "encoder (all layers)"))
        {
            foreach (var layer in _encoder)
                layer.Forward(tokens, pos, batch, seq, parallelism);
            if (_encoderNorm is { } norm)
                LayerNorm.Forward(tokens, Config.DimModel, norm.Gamma, norm.Beta, 1e-5f);
        }
        var decoder = ActProfile.Time(Profile, "decoder (all layers) + head");

        int chunk = Config.ChunkSize, d = Config.DimModel;
        var memoryWithPos = EncoderLayer.WithPosition(tokens, pos, batch, seq * d);
        var x = new float[batch * chunk * d];
        foreach (var layer in _decoder)
            layer.Forward(x, _queryPos, chunk, tokens, memoryWithPos, seq, batch, parallelism);
        System.Buffers.ArrayPool<float>.Shared.Return(memoryWithPos);
        LayerNorm.Forward(x, d, _decoderNorm.Gamma, _decoderNorm.Beta, 1e-5f);
        var actions = new float[batch * chunk * Config.ActionDim];
        _actionHead.Forward(x, batch * chunk, actions, parallelism);
        decoder.Dispose();
        return actions;
    }

    /// <summary>Builds the encoder tokens <c>[batch·seq, D]</c> and their positions <c>[seq, D]</c>.</summary>
    private (float[] Tokens, float[] Pos, int Seq) EncoderInput(int batch, ReadOnlySpan<float> state, IReadOnlyList<float[]> images, Parallelism parallelism)
    {
        int d = Config.DimModel;
        var cameraTokens = CameraTokens(batch, images, parallelism);
        int seq = OneDTokens + cameraTokens.Sum(c => c.Count);
        var tokens = new float[batch * seq * d];
        var latent = new float[batch * d];
        _latentProjection.Forward(new float[batch * Config.LatentDim], batch, latent, parallelism);
        var projectedState = new float[batch * d];
        _stateProjection?.Forward(state, batch, projectedState, parallelism);
        for (int b = 0; b < batch; b++)
        {
            var row = tokens.AsSpan(b * seq * d, seq * d);
            latent.AsSpan(b * d, d).CopyTo(row);
            int at = d;
            if (_stateProjection is not null)
            {
                projectedState.AsSpan(b * d, d).CopyTo(row[at..]);
                at += d;
            }
            foreach (var (camera, count) in cameraTokens)
            {
                camera.AsSpan(b * count * d, count * d).CopyTo(row[at..]);
                at += count * d;
            }
        }
        return (tokens, _positions, seq);
    }

    /// <summary>
    /// The image tokens of every camera. When the batch does not split evenly over the threads but the cameras do
    /// (one observation, two cameras, two threads), each thread runs whole cameras single-threaded: no join per conv.
    /// Either way each value is computed by the same code, so results do not depend on the thread count.
    /// </summary>
    private List<(float[] Tokens, int Count)> CameraTokens(int batch, IReadOnlyList<float[]> images, Parallelism parallelism)
    {
        var cameras = Config.Images;
        var tokens = new (float[] Tokens, int Count)[cameras.Count];
        int groups = parallelism.ThreadCount;
        bool perCamera = groups > 1 && batch % groups != 0 && cameras.Count % groups == 0;
        parallelism.For(perCamera ? groups : 1, g =>
        {
            for (int i = perCamera ? g : 0; i < cameras.Count; i += perCamera ? groups : 1)
            {
                var (_, h, w) = cameras[i];
                var (fh, fw) = ResNetBackbone.OutputSize(h, w);
                tokens[i] = (ImageTokens(batch, images[i], h, w, fh * fw, perCamera ? Parallelism.Single() : parallelism), fh * fw);
            }
        });
        return [.. tokens];
    }

    /// <summary>Backbone + 1×1 projection for every image of one camera, as token rows <c>[batch·h·w, D]</c>.</summary>
    private float[] ImageTokens(int batch, float[] images, int h, int w, int count, Parallelism parallelism)
    {
        var pool = System.Buffers.ArrayPool<float>.Shared;
        int channels = _backbone.OutChannels;
        var features = pool.Rent(batch * count * channels);
        int groups = parallelism.ThreadCount;
        if (groups > 1 && batch % groups == 0)
        {
            // A batch that divides evenly among the threads: each runs the whole backbone on its own images,
            // single-threaded. No barrier per conv and no split GEMMs (an uneven batch would leave a thread idle, so it
            // splits each conv instead). Results are bit-identical either way: each output sums in the same order.
            parallelism.For(groups, g =>
            {
                int first = batch * g / groups, last = batch * (g + 1) / groups;
                Backbone(images, first, last - first, h, w, features.AsSpan(first * count * channels), Parallelism.Single());
            });
        }
        else
        {
            Backbone(images, 0, batch, h, w, features, parallelism);
        }
        var tokens = new float[batch * count * Config.DimModel];
        using (ActProfile.Time(Profile, "image projection 1x1"))
            _imageProjection.Forward(features, batch * count, tokens, parallelism);
        pool.Return(features);
        return tokens;
    }

    /// <summary>Runs the backbone on images <c>first..first+batch</c> (<c>[B, 3, H, W]</c>) and writes their feature maps to <paramref name="features"/>.</summary>
    private void Backbone(float[] images, int first, int batch, int h, int w, Span<float> features, Parallelism parallelism)
    {
        var pool = System.Buffers.ArrayPool<float>.Shared;
        int plane = h * w;
        var nhwc = pool.Rent(batch * 3 * plane);
        using (ActProfile.Time(Profile, "backbone input to NHWC"))
        for (int b = 0; b < batch; b++)
            for (int c = 0; c < 3; c++)
            {
                var src = images.AsSpan(((first + b) * 3 + c) * plane, plane);
                var dst = nhwc.AsSpan(b * 3 * plane);
                for (int i = 0; i < plane; i++) dst[3 * i + c] = src[i];
            }
        var backbone = ActProfile.Time(Profile, "backbone (whole)");
        var (map, fh, fw) = _backbone.Forward(nhwc, batch, h, w, parallelism);
        backbone.Dispose();
        pool.Return(nhwc);
        map.AsSpan(0, batch * fh * fw * _backbone.OutChannels).CopyTo(features);
        pool.Return(map);
    }
}
