namespace Fleet.Policy.Tests.Infrastructure;

/// <summary>Locates the repository (the folder holding Fleet.sln) from the test binary's folder.</summary>
public static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
                dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException($"No Fleet.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static string ReferenceScript => Path.Combine(Root, "tests", "reference", "act_reference.py");
}
