namespace Fleet.Node.Tests.Infrastructure;

/// <summary>A temporary folder for config files, deleted on dispose.</summary>
internal sealed class TempFiles : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("fleet-test-").FullName;

    public string Write(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
