using System.CommandLine;
using System.Diagnostics;
using Fleet.Hardware.Cameras;
using Fleet.Node.Cli;

namespace Fleet.Node.Tests.Cli;

public sealed class CameraCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-cli-cam-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Fleet(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await FleetCli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static string Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{tool} failed: {stderr.Result} (run scripts/setup-arm.sh)");
        return stdout.Trim();
    }

    private static string Probe(string png) =>
        Run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", png);

    [Fact]
    public async Task Snap_synthetic_writes_a_png_ffprobe_reads()
    {
        var png = Path.Combine(_dir, "synthetic.png");
        var (code, output, error) = await Fleet("camera", "snap", "--device", "synthetic", "--out", png, "--width", "96", "--height", "64");
        Assert.True(code == 0, error);
        Assert.Contains("96x64", output);
        Assert.Equal("png,96,64", Probe(png));
    }

    [Fact]
    public async Task Snap_video_file_writes_a_frame_of_the_files_size()
    {
        var video = Path.Combine(_dir, "clip.mp4");
        Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=128x96:rate=30", "-t", "1", "-c:v", "mpeg4", "-y", video);
        var png = Path.Combine(_dir, "clip.png");
        var (code, _, error) = await Fleet("camera", "snap", "-d", video, "-o", png);
        Assert.True(code == 0, error);
        Assert.Equal("png,128,96", Probe(png));
    }

    [Fact]
    public async Task Snap_missing_file_fails_with_a_message_naming_it()
    {
        var (code, _, error) = await Fleet("camera", "snap", "--device", "/nonexistent/clip.mp4", "--out", Path.Combine(_dir, "x.png"));
        Assert.Equal(1, code);
        Assert.Contains("/nonexistent/clip.mp4", error);
        Assert.False(File.Exists(Path.Combine(_dir, "x.png")));
    }

    [Fact]
    public async Task List_shows_every_video_device_or_says_there_is_none()
    {
        var (code, output, _) = await Fleet("camera", "list");
        Assert.Equal(0, code);
        var devices = V4l2Devices.List();
        if (devices.Count == 0) Assert.Contains("No V4L2 cameras found", output);
        else foreach (var d in devices) Assert.Contains(d.Path, output);
    }
}
