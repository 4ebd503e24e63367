namespace Fleet.Node.Tests.Infrastructure;

/// <summary>Finds the repository root (the folder with Fleet.sln) and the shared folder beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Conformance => Path.Combine(Shared, "conformance", "hocon");

    /// <summary>The built fleet.dll: beside the tests when the build copied it there, else in src/Fleet.Node's output.</summary>
    public static string FleetDll
    {
        get
        {
            var local = Path.Combine(AppContext.BaseDirectory, "fleet.dll");
            if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, "fleet.runtimeconfig.json"))) return local;
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
            return Path.Combine(Root, "src", "Fleet.Node", "bin", configuration, "net10.0", "fleet.dll");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Fleet.sln above {AppContext.BaseDirectory}");
    }
}
