namespace Fleet.Hardware.Serial;

/// <summary>
/// INTERNAL API. Finds the processes that hold a device open by walking <c>/proc/*/fd</c>, so a "port busy" error
/// can name them. Best effort: processes of other users are invisible without privileges.
/// </summary>
internal static class PortHolders
{
    /// <summary>Returns the pids whose file descriptors point at <paramref name="devicePath"/>.</summary>
    public static IReadOnlyList<int> Find(string devicePath)
    {
        var target = Resolve(devicePath);
        var holders = new List<int>();
        try
        {
            foreach (var procDir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(procDir), out var pid)) continue;
                if (HoldsTarget(procDir, target)) holders.Add(pid);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return holders;
    }

    /// <summary>" (held by pid 12 'fleet')" or an empty string when no holder is visible.</summary>
    public static string Describe(string devicePath)
    {
        var holders = Find(devicePath);
        if (holders.Count == 0) return "";
        var names = holders.Select(pid => $"pid {pid} '{CommandName(pid)}'{(pid == Environment.ProcessId ? " (this process)" : "")}");
        return $" (held by {string.Join(", ", names)})";
    }

    private static bool HoldsTarget(string procDir, string target)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(procDir, "fd")))
            {
                if (new FileInfo(fd).LinkTarget == target) return true;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return false;
    }

    private static string Resolve(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget is null ? info.FullName : info.ResolveLinkTarget(true)?.FullName ?? info.FullName;
        }
        catch (IOException) { return path; }
    }

    private static string CommandName(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return "?"; }
        catch (UnauthorizedAccessException) { return "?"; }
    }
}
