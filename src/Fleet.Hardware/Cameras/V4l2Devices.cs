namespace Fleet.Hardware.Cameras;

/// <summary>A V4L2 device node and the name its driver reports.</summary>
/// <param name="Path">The device node, e.g. <c>/dev/video0</c>.</param>
/// <param name="Name">The driver's name from <c>/sys/class/video4linux/videoN/name</c>; empty when unreadable.</param>
public sealed record V4l2Device(string Path, string Name);

/// <summary>Lists the V4L2 devices of this machine.</summary>
public static class V4l2Devices
{
    /// <summary>
    /// The <c>videoN</c> nodes under <paramref name="devRoot"/> in numeric order, named from
    /// <paramref name="sysRoot"/>. A UVC camera usually shows two nodes (capture and metadata); both are listed.
    /// </summary>
    public static IReadOnlyList<V4l2Device> List(string devRoot = "/dev", string sysRoot = "/sys/class/video4linux")
    {
        if (!Directory.Exists(devRoot)) return [];
        return Directory.EnumerateFileSystemEntries(devRoot, "video*")
            .Select(path => (path, file: System.IO.Path.GetFileName(path)))
            .Where(e => int.TryParse(e.file.AsSpan("video".Length), out _))
            .OrderBy(e => int.Parse(e.file.AsSpan("video".Length)))
            .Select(e => new V4l2Device(e.path, ReadName(System.IO.Path.Combine(sysRoot, e.file, "name"))))
            .ToList();
    }

    private static string ReadName(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path).Trim() : ""; }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
