using Fleet.Cluster.Membership;
using Fleet.Cluster.Pool;
using Fleet.Cluster.Transport;
using Fleet.Messages.Wire;

namespace Fleet.Node.Config.Options;

/// <summary>Binds <c>fleet.cluster</c>: whether and how this node joins a cluster.</summary>
/// <param name="Enabled">True to join through RabbitMQ; false runs everything in this process.</param>
/// <param name="RabbitMqUri">The broker (<c>fleet.cluster.broker</c>) used when enabled.</param>
public sealed record ClusterOptions(bool Enabled, Uri RabbitMqUri)
{
    /// <summary><c>heartbeat-interval</c>.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>connect-timeout</c>: how long a starting node tries to reach the broker before it gives up.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>reconnect</c>: the backoff between connection attempts (at start and after a loss).</summary>
    public ReconnectBackoff Reconnect { get; init; } = ReconnectBackoff.Default;

    /// <summary><c>stop-disables-torque</c>: a fleet-wide STOP drops torque instead of holding position.</summary>
    public bool StopDisablesTorque { get; init; }

    /// <summary>The RabbitMQ connection settings of node <paramref name="clientName"/>.</summary>
    public RabbitMqOptions RabbitMq(string clientName) => new(RabbitMqUri, clientName, Reconnect);

    /// <summary><c>failure-detector</c>.</summary>
    public PhiAccrualFailureDetectorOptions FailureDetector { get; init; } = PhiAccrualFailureDetectorOptions.Default;

    /// <summary><c>pool.request-deadline</c>: request queue expiry, the same on every node.</summary>
    public TimeSpan RequestDeadline { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary><c>pool.max-queue-length</c>: request queue cap, the same on every node.</summary>
    public int MaxQueueLength { get; init; } = 256;

    /// <summary><c>pool.max-batch</c>.</summary>
    public int MaxBatch { get; init; } = 8;

    /// <summary><c>pool.max-wait</c>.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// <c>pool.leave-timeout</c>: how long a leaving policy node waits for the batches in flight; zero means the request
    /// deadline. A policy node's stop-intake shutdown phase is stretched to cover it.
    /// </summary>
    public TimeSpan LeaveTimeout { get; init; }

    /// <summary>The leave bound in force: <see cref="LeaveTimeout"/> when positive, else <see cref="RequestDeadline"/>.</summary>
    public TimeSpan EffectiveLeaveTimeout => LeaveTimeout > TimeSpan.Zero ? LeaveTimeout : RequestDeadline;

    /// <summary><c>wire</c>.</summary>
    public WireCodecOptions Wire { get; init; } = WireCodecOptions.Default;

    /// <summary>Worker settings for <paramref name="policy"/> on this node.</summary>
    public PolicyWorkerOptions Worker(string policy, string worker) =>
        new(policy, worker, MaxBatch, MaxWait, RequestDeadline, MaxQueueLength) { LeaveTimeout = EffectiveLeaveTimeout };

    /// <summary>Reads <c>fleet.cluster</c>.</summary>
    /// <exception cref="ConfigException.BadValue">A value is out of range; the message names the key and its file:line.</exception>
    public static ClusterOptions FromConfig(FleetConfig config)
    {
        var text = config.GetString("fleet.cluster.broker");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            throw Bad(config, "broker", $"\"{MaskPassword(text)}\" is not an amqp:// or amqps:// URI (example: amqp://user:pass@host:5672/vhost)");
        const string fd = "fleet.cluster.failure-detector";
        var options = new ClusterOptions(config.GetBoolean("fleet.cluster.enabled"), uri)
        {
            HeartbeatInterval = Positive(config, "heartbeat-interval"),
            ConnectTimeout = Positive(config, "connect-timeout"),
            Reconnect = new ReconnectBackoff(Positive(config, "reconnect.min-backoff"), Positive(config, "reconnect.max-backoff"),
                config.GetDouble("fleet.cluster.reconnect.random-factor")),
            StopDisablesTorque = config.GetBoolean("fleet.cluster.stop-disables-torque"),
            FailureDetector = new PhiAccrualFailureDetectorOptions(
                config.GetDouble($"{fd}.threshold"), config.GetInt($"{fd}.max-sample-size"),
                config.GetDuration($"{fd}.min-std-deviation"), config.GetDuration($"{fd}.acceptable-heartbeat-pause")),
            RequestDeadline = Positive(config, "pool.request-deadline"),
            MaxQueueLength = config.GetInt("fleet.cluster.pool.max-queue-length"),
            MaxBatch = config.GetInt("fleet.cluster.pool.max-batch"),
            MaxWait = config.GetDuration("fleet.cluster.pool.max-wait"),
            LeaveTimeout = config.GetDuration("fleet.cluster.pool.leave-timeout"),
            Wire = new WireCodecOptions(Encoding(config), config.GetInt("fleet.cluster.wire.jpeg-quality"))
            {
                ParallelCameras = config.GetBoolean("fleet.cluster.wire.parallel-cameras"),
                CameraJpeg = CameraJpeg(config),
            },
        };
        if (options.FailureDetector.Threshold <= 0) throw Bad(config, "failure-detector.threshold", "must be positive (Akka.Cluster uses 8)");
        if (options.MaxBatch is < 1 or > 1024) throw Bad(config, "pool.max-batch", "must be 1..1024");
        if (options.LeaveTimeout < TimeSpan.Zero) throw Bad(config, "pool.leave-timeout", "must not be negative (0s waits as long as pool.request-deadline)");
        if (options.MaxQueueLength < 1) throw Bad(config, "pool.max-queue-length", "must be at least 1");
        if (options.Reconnect.MaxBackoff < options.Reconnect.MinBackoff) throw Bad(config, "reconnect.max-backoff", "must not be shorter than reconnect.min-backoff");
        if (options.Reconnect.RandomFactor is < 0 or > 1) throw Bad(config, "reconnect.random-factor", "must be 0..1 (0.2 varies each pause by +-20 %)");
        if (options.Wire.JpegQuality is < 1 or > 100) throw Bad(config, "wire.jpeg-quality", "must be 1..100");
        return options;
    }

    private static ImageWireEncoding Encoding(FleetConfig config) => config.GetString("fleet.cluster.wire.image-encoding") switch
    {
        "jpeg" => ImageWireEncoding.Jpeg,
        "raw" => ImageWireEncoding.Raw,
        var other => throw Bad(config, "wire.image-encoding", $"is \"{other}\"; use \"jpeg\" or \"raw\""),
    };

    private static CameraJpegMode CameraJpeg(FleetConfig config) => config.GetString("fleet.cluster.wire.camera-jpeg") switch
    {
        "pass-through" => CameraJpegMode.PassThrough,
        "re-encode" => CameraJpegMode.ReEncode,
        var other => throw Bad(config, "wire.camera-jpeg", $"is \"{other}\"; use \"pass-through\" or \"re-encode\""),
    };

    private static TimeSpan Positive(FleetConfig config, string key)
    {
        var value = config.GetDuration($"fleet.cluster.{key}");
        return value > TimeSpan.Zero ? value : throw Bad(config, key, "must be a positive duration");
    }

    private static ConfigException.BadValue Bad(FleetConfig config, string key, string problem) =>
        new(config.OriginOf($"fleet.cluster.{key}"), $"fleet.cluster.{key}", problem);

    private static string MaskPassword(string text)
    {
        var at = text.IndexOf('@');
        var colon = text.IndexOf(':', text.IndexOf("//", StringComparison.Ordinal) + 2);
        return at > 0 && colon > 0 && colon < at ? text[..(colon + 1)] + "***" + text[at..] : text;
    }
}
