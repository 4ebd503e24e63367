using System.Diagnostics;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Messages.Wire.Jpeg;

namespace Fleet.Hardware.Cameras;

/// <summary>
/// INTERNAL API. Runs one ffmpeg child process that writes <c>rawvideo rgb24</c> frames of a known size to its
/// stdout (or, with <c>keepJpeg</c>, the camera's own JPEGs as <c>-f mjpeg</c>: each is decoded here once and kept on
/// the frame as <see cref="ImageFrame.CameraJpeg"/>), reads them on a background task and publishes each complete
/// frame to a <see cref="LatestFrameSlot"/>.
/// When ffmpeg exits or its pipe breaks before disposal, the slot fails with its exit code and the last lines it
/// wrote to stderr. Disposal kills the process tree and waits for it.
/// </summary>
internal sealed class FfmpegFrameSource : IAsyncDisposable
{
    private const int StderrLines = 20;
    private readonly string _camera;
    private readonly string _source;
    private readonly int _width, _height;
    private readonly bool _keepJpeg;
    private readonly TimeProvider _clock;
    private readonly Queue<string> _stderr = new();
    private readonly CancellationTokenSource _stop = new();
    private Process? _process;
    private Task? _pump, _stderrPump;

    public FfmpegFrameSource(string camera, string source, int width, int height, TimeProvider clock, bool keepJpeg = false)
    {
        _keepJpeg = keepJpeg;
        _camera = camera;
        _source = source;
        _width = width;
        _height = height;
        _clock = clock;
        Slot = new LatestFrameSlot(camera, clock);
    }

    public LatestFrameSlot Slot { get; }

    public int? ProcessId => _process is { } p ? p.Id : null;

    /// <summary>Starts ffmpeg with <paramref name="arguments"/> and waits for the first frame or <paramref name="timeout"/>.</summary>
    public async Task StartAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(FfmpegTools.Ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        try
        {
            _process = Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned null.");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new CameraFailedException(_camera,
                $"Camera '{_camera}': could not run '{FfmpegTools.Ffmpeg}' for {_source}: {e.Message}. " +
                "Install ffmpeg (scripts/setup-arm.sh) or put it on PATH.", e);
        }
        _stderrPump = Task.Run(() => PumpStderrAsync(_process));
        _pump = Task.Run(() => PumpFramesAsync(_process));

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        linked.CancelAfter(timeout);
        try
        {
            await Slot.WaitForFrameAsync(-1, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            string said = StderrTail();
            await DisposeAsync().ConfigureAwait(false);
            throw new CameraFailedException(_camera,
                $"Camera '{_camera}': no frame from {_source} within {timeout.TotalSeconds:0.#} s. ffmpeg said: {said}");
        }
        catch
        {
            // Failed or cancelled start: leave no ffmpeg behind.
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task PumpFramesAsync(Process process)
    {
        long sequence = 0;
        try
        {
            sequence = _keepJpeg ? await PumpJpegFramesAsync(process.StandardOutput.BaseStream).ConfigureAwait(false)
                : await PumpRawFramesAsync(process.StandardOutput.BaseStream).ConfigureAwait(false);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or WireFormatException or DllNotFoundException)
        {
            Slot.Fail(new CameraFailedException(_camera, $"Camera '{_camera}': reading frames from ffmpeg failed: {e.Message}", e));
            return;
        }
        if (_stop.IsCancellationRequested) return;
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        if (_stderrPump is { } s) await s.ConfigureAwait(false);
        Slot.Fail(new CameraFailedException(_camera,
            $"Camera '{_camera}': ffmpeg for {_source} exited with code {process.ExitCode} after {sequence} frames. " +
            $"ffmpeg said: {StderrTail()}. Check that the source exists and is not in use; the supervisor restarts the camera."));
    }

    // Returns the number of frames published when the stream ends.
    private async Task<long> PumpRawFramesAsync(Stream stdout)
    {
        int frameBytes = _width * _height * ImageFrame.Channels;
        long sequence = 0;
        while (true)
        {
            var pixels = new byte[frameBytes];
            int read = await ReadFullAsync(stdout, pixels, _stop.Token).ConfigureAwait(false);
            if (read < frameBytes) return sequence;
            Slot.Publish(new ImageFrame(_width, _height, pixels, _clock.GetUtcNow(), sequence++));
        }
    }

    // The camera's JPEGs: decoded once here (libturbojpeg) and kept on the frame for the wire codec to pass through.
    private async Task<long> PumpJpegFramesAsync(Stream stdout)
    {
        var reader = new MjpegFrameReader(stdout, maxFrameBytes: _width * _height * ImageFrame.Channels + 64 * 1024);
        var decoder = new CameraJpegDecoder();
        long sequence = 0;
        while (await reader.ReadFrameAsync(_stop.Token).ConfigureAwait(false) is { } jpeg)
        {
            var capturedAt = _clock.GetUtcNow();
            Slot.Publish(decoder.Decode(jpeg, _width, _height, capturedAt, sequence++, _camera));
        }
        return sequence;
    }

    private static async Task<int> ReadFullAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private async Task PumpStderrAsync(Process process)
    {
        try
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
                lock (_stderr)
                {
                    _stderr.Enqueue(line);
                    if (_stderr.Count > StderrLines) _stderr.Dequeue();
                }
        }
        catch (Exception) when (_stop.IsCancellationRequested || process.HasExited)
        {
            // The pipe closes with the process; the frame pump reports the exit.
        }
    }

    private string StderrTail()
    {
        lock (_stderr)
            return _stderr.Count == 0 ? "(nothing)" : string.Join(" | ", _stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        Slot.Close();
        if (_process is { } p)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { /* already gone */ }
            await p.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        if (_pump is { } pump) await pump.ConfigureAwait(false);
        if (_stderrPump is { } s) await s.ConfigureAwait(false);
        _process?.Dispose();
        _stop.Dispose();
    }
}
