using System.Diagnostics;

namespace Fleet.Hardware.Tests.Cameras;

/// <summary>Makes small real video files with ffmpeg's test source, once per test class.</summary>
public sealed class TestVideo : IDisposable
{
    public TestVideo()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("fleet-cam-").FullName;
        Path = System.IO.Path.Combine(Directory, "testsrc.mp4");
        Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=30", "-t", "2",
            "-c:v", "mpeg4", "-pix_fmt", "yuv420p", "-y", Path);
    }

    public string Directory { get; }
    public string Path { get; }

    /// <summary>Runs a tool to completion and returns its stdout bytes; fails the test with its stderr otherwise.</summary>
    public static byte[] Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        using var stdout = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(stdout);
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}. Run scripts/setup-arm.sh.");
        return stdout.ToArray();
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
