using System.Diagnostics;

namespace Fleet.Node.Tests.Recording;

/// <summary>
/// Makes a folder read-only for real: bind-mounts it onto itself read-only (root ignores permission bits, so chmod
/// cannot). Needs root with CAP_SYS_ADMIN, as on the project's machines; <see cref="MountFactAttribute"/> skips otherwise.
/// Files already open keep their writable descriptors, as after a disk remount. Disposing unmounts.
/// </summary>
internal sealed class ReadOnlyFolder : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe);
    private readonly string _folder;

    private ReadOnlyFolder(string folder) => _folder = folder;

    /// <summary>Why mounts are impossible here, or null.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    public static ReadOnlyFolder Mount(string folder)
    {
        Run("mount", "--bind", folder, folder);
        var mounted = new ReadOnlyFolder(folder);
        try
        {
            Run("mount", "-o", "remount,ro,bind", folder);
            return mounted;
        }
        catch
        {
            mounted.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Try("umount", _folder) != 0) Run("umount", "-l", _folder);
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") return "needs root on Linux for a read-only bind mount";
        var probe = Directory.CreateTempSubdirectory("fleet-ro-probe-").FullName;
        try
        {
            using (Mount(probe)) return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return $"mount is not permitted here ({e.Message.Trim()})";
        }
        finally
        {
            Directory.Delete(probe);
        }
    }

    private static void Run(string tool, params string[] args)
    {
        if (Try(tool, args) is var code and not 0) throw new InvalidOperationException($"`{tool} {string.Join(' ', args)}` failed ({code})");
    }

    private static int Try(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }
}

/// <summary>A fact that is skipped, with the reason, where read-only bind mounts are not permitted.</summary>
internal sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute()
    {
        if (ReadOnlyFolder.WhyUnavailable is { } reason) Skip = reason;
    }
}
