using System.ComponentModel;

namespace Fleet.Dataset.Tests.Journal.Infrastructure;

/// <summary>
/// Fault injector: real file-system faults through mounts (needs root with CAP_SYS_ADMIN, as on the
/// project's machines): a tiny tmpfs that fills up, or a folder bind-mounted onto itself read-only.
/// Root ignores permission bits, so chmod cannot make a folder read-only for these tests.
/// Disposing unmounts.
/// </summary>
internal sealed class FileSystemFault : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(ProbeMounts);
    private readonly string _mountPoint;

    private FileSystemFault(string mountPoint) => _mountPoint = mountPoint;

    /// <summary>Why these faults cannot be injected here, or null when they can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> at the (existing, empty) folder.</summary>
    public static FileSystemFault SmallDisk(string folder, long bytes)
    {
        Mount(["-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", folder]);
        return new FileSystemFault(folder);
    }

    /// <summary>Makes an existing folder read-only by bind-mounting it onto itself read-only.</summary>
    public static FileSystemFault ReadOnly(string folder)
    {
        Mount(["--bind", folder, folder]);
        var fault = new FileSystemFault(folder);
        try
        {
            Mount(["-o", "remount,ro,bind", folder]);
            return fault;
        }
        catch
        {
            fault.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            Run("umount", [_mountPoint]);
        }
        catch (InvalidOperationException exception)
        {
            // Name what this process still holds open there: that is the leak to fix.
            var held = Directory.GetFiles("/proc/self/fd")
                .Select(fd => new FileInfo(fd).LinkTarget)
                .Where(target => target?.StartsWith(_mountPoint, StringComparison.Ordinal) == true)
                .Concat(File.ReadLines("/proc/self/maps").Where(line => line.Contains(_mountPoint, StringComparison.Ordinal)).Select(line => "mapped " + line))
                .ToList();
            Run("umount", ["-l", _mountPoint]);
            throw new InvalidOperationException($"{exception.Message} Still open in this process: {string.Join(", ", held)}", exception);
        }
    }

    private static void Mount(IReadOnlyList<string> arguments) => Run("mount", arguments);

    private static void Run(string tool, IReadOnlyList<string> arguments)
    {
        var (code, output) = ProcessRunner.TryRunAsync(tool, arguments, CancellationToken.None).GetAwaiter().GetResult();
        if (code != 0)
        {
            throw new InvalidOperationException($"`{tool} {string.Join(' ', arguments)}` failed ({code}): {output}");
        }
    }

    private static string? ProbeMounts()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "needs root on Linux to mount a tmpfs / read-only bind mount";
        }

        var probe = Directory.CreateTempSubdirectory("fleet-mount-probe-").FullName;
        try
        {
            using (SmallDisk(probe, 64 * 1024))
            {
                return null;
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception)
        {
            return $"mount is not permitted here ({exception.Message.Trim()})";
        }
        finally
        {
            Directory.Delete(probe);
        }
    }
}
