using System.Globalization;

namespace Fleet.Hardware.Cameras;

/// <summary>
/// Plays a video file in an endless loop at its real-time rate through an ffmpeg child process
/// (<c>-re -stream_loop -1 … -f rawvideo -pix_fmt rgb24</c>), with latest-frame semantics. For demos,
/// replays of recorded episodes and tests that need real decoded video.
/// </summary>
public sealed class VideoFileCamera : FfmpegCamera
{
    private int _width;
    private int _height;
    private double _fps;

    /// <summary>Creates a camera; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public VideoFileCamera(VideoFileCameraOptions options, TimeProvider? clock = null)
        : base(clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
    }

    /// <summary>The options in effect.</summary>
    public VideoFileCameraOptions Options { get; }

    /// <inheritdoc />
    public override string Name => Options.Name;

    /// <inheritdoc />
    public override int Width => _width;

    /// <inheritdoc />
    public override int Height => _height;

    /// <inheritdoc />
    public override double Fps => _fps;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureNotStarted();
        var (w, h, fps) = await FfmpegTools.ProbeVideoAsync(Name, Options.Path, cancellationToken).ConfigureAwait(false);
        _width = Options.Width ?? w;
        _height = Options.Height ?? h;
        _fps = Options.Fps ?? fps;
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-stream_loop", "-1", "-i", Options.Path, "-an" };
        var filters = new List<string>();
        if (Options.Width is not null) filters.Add(FormattableString.Invariant($"scale={Width}:{Height}"));
        if (Options.Fps is not null) filters.Add("fps=" + Fps.ToString(CultureInfo.InvariantCulture));
        if (filters.Count > 0) { args.Add("-vf"); args.Add(string.Join(',', filters)); }
        args.AddRange(["-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);
        await StartSourceAsync(args, $"video file '{Options.Path}'", Options.StartTimeout ?? TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
    }
}
