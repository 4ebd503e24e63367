using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;

namespace Fleet.Dataset.Video;

/// <summary>
/// Encodes one camera's frames live into a fragmented MP4 through an ffmpeg child process (raw rgb24 on
/// stdin). Frames are addressed by episode frame index, so the output is constant frame rate: frame i is at
/// i/fps. A frame that never arrived for an index is filled by repeating the previous frame and counted in
/// <see cref="FilledFrames"/>. The fragmented layout (<c>frag_keyframe+empty_moov</c>, about 1 s per
/// fragment) leaves a readable prefix if the process dies mid-episode.
/// </summary>
/// <remarks>
/// Owns: the ffmpeg process, a bounded queue of <see cref="VideoEncoderOptions.QueueFrames"/> pooled frame
/// buffers, and the pump task that writes them to ffmpeg. <see cref="TryWriteFrame"/> never blocks the
/// camera: when ffmpeg falls behind and the queue is full the frame is refused and counted in
/// <see cref="DroppedFrames"/> (its slot is then filled). Counters are read with <see cref="Interlocked"/>.
/// </remarks>
public sealed class FfmpegEncoder : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<(long Index, byte[] Rgb)> _queue;
    private readonly Task _pump;
    private readonly Task<string> _stderr;
    private readonly int _frameBytes;
    private byte[]? _last;
    private long _next;
    private long _filled;
    private long _dropped;
    private bool _completed;

    private FfmpegEncoder(string path, int width, int height, Process process, int queueFrames)
    {
        Path = path;
        Width = width;
        Height = height;
        _frameBytes = width * height * 3;
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
        _queue = Channel.CreateBounded<(long, byte[])>(new BoundedChannelOptions(queueFrames) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>The MP4 being written.</summary>
    public string Path { get; }

    /// <summary>Frame width.</summary>
    public int Width { get; }

    /// <summary>Frame height.</summary>
    public int Height { get; }

    /// <summary>Frames written so far that repeat the previous one.</summary>
    public long FilledFrames => Interlocked.Read(ref _filled);

    /// <summary>Frames refused so far (queue full, or an index already passed).</summary>
    public long DroppedFrames => Interlocked.Read(ref _dropped);

    /// <summary>Starts ffmpeg writing <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">ffmpeg is not installed.</exception>
    public static FfmpegEncoder Start(string path, int width, int height, int fps, VideoEncoderOptions options)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var args = new List<string>
        {
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-framerate", fps.ToString(inv), "-i", "pipe:0",
        };
        args.AddRange(options.EncoderArguments());
        // flush_packets: without it ffmpeg's 32 KiB output buffer holds small fragments back from the disk.
        args.AddRange(["-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-min_frag_duration", "1000000", "-flush_packets", "1", "-f", "mp4", path]);
        var process = FfmpegProcess.Start("ffmpeg", args, redirectInput: true);
        return new FfmpegEncoder(path, width, height, process, Math.Max(1, options.QueueFrames));
    }

    /// <summary>
    /// Queues the rgb24 frame for episode frame <paramref name="frameIndex"/> (copied; the caller may reuse its
    /// buffer). Returns false, and counts a drop, when the queue is full.
    /// </summary>
    /// <exception cref="ArgumentException">The frame is not width × height × 3 bytes.</exception>
    public bool TryWriteFrame(long frameIndex, ReadOnlySpan<byte> rgb24)
    {
        if (rgb24.Length != _frameBytes)
            throw new ArgumentException($"Frame {frameIndex} for '{Path}' has {rgb24.Length} bytes; {Width}x{Height} rgb24 needs {_frameBytes}.");
        var copy = ArrayPool<byte>.Shared.Rent(_frameBytes);
        rgb24.CopyTo(copy);
        if (_queue.Writer.TryWrite((frameIndex, copy))) return true;
        ArrayPool<byte>.Shared.Return(copy);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Queues a frame, waiting for room instead of dropping (for offline sources such as files).</summary>
    public async ValueTask WriteFrameAsync(long frameIndex, ReadOnlyMemory<byte> rgb24, CancellationToken ct)
    {
        if (rgb24.Length != _frameBytes)
            throw new ArgumentException($"Frame {frameIndex} for '{Path}' has {rgb24.Length} bytes; {Width}x{Height} rgb24 needs {_frameBytes}.");
        var copy = ArrayPool<byte>.Shared.Rent(_frameBytes);
        rgb24.Span.CopyTo(copy);
        await _queue.Writer.WriteAsync((frameIndex, copy), ct).ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        var stdin = _process.StandardInput.BaseStream;
        await foreach (var (index, rgb) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (index < _next) { Interlocked.Increment(ref _dropped); ArrayPool<byte>.Shared.Return(rgb); continue; }
            while (_next < index) await RepeatAsync(stdin).ConfigureAwait(false);
            await stdin.WriteAsync(rgb.AsMemory(0, _frameBytes)).ConfigureAwait(false);
            if (_last is not null) ArrayPool<byte>.Shared.Return(_last);
            _last = rgb;
            _next++;
        }
    }

    private async Task RepeatAsync(Stream stdin)
    {
        // Nothing to repeat before the first frame: a black frame holds the slot.
        // Rented (and cleared) like every other frame buffer, because _last is returned to the pool later.
        if (_last is null)
        {
            _last = ArrayPool<byte>.Shared.Rent(_frameBytes);
            Array.Clear(_last, 0, _frameBytes);
        }
        await stdin.WriteAsync(_last.AsMemory(0, _frameBytes)).ConfigureAwait(false);
        Interlocked.Increment(ref _filled);
        _next++;
    }

    /// <summary>
    /// Ends the episode at <paramref name="totalFrames"/> frames: waits for queued frames, fills the tail by
    /// repeating the last frame, closes ffmpeg's input and waits for the file to be complete.
    /// </summary>
    /// <exception cref="InvalidOperationException">More than <paramref name="totalFrames"/> frames were already written.</exception>
    /// <exception cref="IOException">ffmpeg failed; the message holds its stderr.</exception>
    public async Task<VideoSegment> CompleteAsync(long totalFrames, CancellationToken ct)
    {
        if (_completed) throw new InvalidOperationException($"The encoder for '{Path}' is already complete.");
        _completed = true;
        _queue.Writer.TryComplete();
        await _pump.WaitAsync(ct).ConfigureAwait(false);
        var stdin = _process.StandardInput.BaseStream;
        if (_next > totalFrames)
            throw new InvalidOperationException($"'{Path}' already holds {_next} frames; the episode has {totalFrames}. Frames past the episode end must not be submitted.");
        while (_next < totalFrames) await RepeatAsync(stdin).ConfigureAwait(false);
        await stdin.FlushAsync(ct).ConfigureAwait(false);
        stdin.Close();
        await _process.WaitForExitAsync(ct).ConfigureAwait(false);
        var stderr = await _stderr.ConfigureAwait(false);
        if (_process.ExitCode != 0)
            throw new IOException($"ffmpeg encoding '{Path}' failed with exit code {_process.ExitCode}: {FfmpegProcess.Tail(stderr)}");
        return new VideoSegment(Path, totalFrames, FilledFrames, DroppedFrames);
    }

    /// <summary>
    /// Kills ffmpeg at once, without finishing the file (an episode being discarded). Because the file is
    /// fragmented, the fragments already flushed stay readable; the frames still queued are lost.
    /// </summary>
    public void Abort()
    {
        _completed = true;
        _queue.Writer.TryComplete();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    /// <summary>Stops ffmpeg if <see cref="CompleteAsync"/> was not called (the partial file stays as it is).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (!_process.HasExited)
        {
            try { _process.StandardInput.Close(); } catch (IOException) { }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        // After Abort the pump fails writing to a dead pipe; that is the expected end of an aborted episode.
        try { await _pump.ConfigureAwait(false); } catch (IOException) { }
        if (_last is not null) { ArrayPool<byte>.Shared.Return(_last); _last = null; }
        _process.Dispose();
    }
}
