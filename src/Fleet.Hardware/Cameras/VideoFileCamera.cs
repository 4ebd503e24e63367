using System.Globalization;
using Fleet.Messages;

namespace Fleet.Hardware.Cameras;

/// <summary>
/// Plays a video file in an endless loop at its real-time rate through an ffmpeg child process
/// (<c>-re -stream_loop -1 … -f rawvideo -pix_fmt rgb24</c>), with latest-frame semantics. For demos,
/// replays of recorded episodes and tests that need real decoded video.
/// </summary>
public sealed class VideoFileCamera : ICamera
{
    private readonly TimeProvider _clock;
    private FfmpegFrameSource? _source;

    /// <summary>Creates a camera; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public VideoFileCamera(VideoFileCameraOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The options in effect.</summary>
    public VideoFileCameraOptions Options { get; }

    /// <inheritdoc />
    public string Name => Options.Name;

    /// <inheritdoc />
    public int Width { get; private set; }

    /// <inheritdoc />
    public int Height { get; private set; }

    /// <inheritdoc />
    public double Fps { get; private set; }

    /// <summary>The ffmpeg process id while running (diagnostics, fault-injection tests).</summary>
    public int? ProcessId => _source?.ProcessId;

    /// <inheritdoc />
    public Task Completion => _source?.Slot.Completion ?? Task.CompletedTask;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_source is not null) throw new InvalidOperationException($"Camera '{Name}' is already started.");
        var (w, h, fps) = await FfmpegTools.ProbeVideoAsync(Name, Options.Path, cancellationToken).ConfigureAwait(false);
        Width = Options.Width ?? w;
        Height = Options.Height ?? h;
        Fps = Options.Fps ?? fps;
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-stream_loop", "-1", "-i", Options.Path, "-an" };
        var filters = new List<string>();
        if (Options.Width is not null) filters.Add(FormattableString.Invariant($"scale={Width}:{Height}"));
        if (Options.Fps is not null) filters.Add("fps=" + Fps.ToString(CultureInfo.InvariantCulture));
        if (filters.Count > 0) { args.Add("-vf"); args.Add(string.Join(',', filters)); }
        args.AddRange(["-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);
        _source = new FfmpegFrameSource(Name, $"video file '{Options.Path}'", Width, Height, _clock);
        await _source.StartAsync(args, Options.StartTimeout ?? TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public bool TryGetLatest(out CameraReading reading)
    {
        if (_source is null) { reading = default; return false; }
        return _source.Slot.TryGet(out reading);
    }

    /// <inheritdoc />
    public Task<ImageFrame> WaitForFrameAsync(long afterSequence, CancellationToken cancellationToken) =>
        (_source ?? throw new InvalidOperationException($"Camera '{Name}' is not started."))
            .Slot.WaitForFrameAsync(afterSequence, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _source?.DisposeAsync() ?? ValueTask.CompletedTask;
}
