using System.Text.Json;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Cli;

public sealed class ConfigPrintTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task ConfigPrintJson_LayeredFiles_WritesExactlyOneJsonDocument()
    {
        var first = _files.Write("a.conf", "fleet.admin.port = 9200\nsite { name = lab }\nfleet.node.name = ${site.name}-${?NODE_SUFFIX}");
        var second = _files.Write("b.conf", "fleet.admin.port = 9300\nfleet.arms = [ { id = arm-1, robot { type = so101_follower, port = /dev/ttyACM0 }, policy = p } ]");
        var result = await FleetProcess.RunAsync(_files.Dir, new Dictionary<string, string> { ["NODE_SUFFIX"] = "7" },
            "config", "print", "--config", first, "--config", second, "--json");

        Assert.Equal(0, result.ExitCode);
        // JsonDocument.Parse rejects anything after the document, so this proves stdout holds one document only.
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal(9300, root.GetProperty("fleet").GetProperty("admin").GetProperty("port").GetInt32());
        Assert.Equal("127.0.0.1", root.GetProperty("fleet").GetProperty("admin").GetProperty("bind").GetString());
        Assert.Equal("lab-7", root.GetProperty("fleet").GetProperty("node").GetProperty("name").GetString());
        Assert.Equal("lab", root.GetProperty("site").GetProperty("name").GetString());
        Assert.Equal("arm-1", root.GetProperty("fleet").GetProperty("arms")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task ConfigPrint_BadFile_ExitsWith2AndReportsFileLineColumnOnStderr()
    {
        var bad = _files.Write("bad.conf", "fleet {\n  admin.port = [1,,2]\n}");
        var result = await FleetProcess.RunAsync(_files.Dir, null, "config", "print", "--json", "--config", bad);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains($"{bad}:2:19: expected an array element after ','", result.Stderr);
    }

    [Fact]
    public async Task ConfigPrint_UnknownKey_ExitsWith2AndSuggests()
    {
        var file = _files.Write("typo.conf", "fleet.loging.level = debug");
        var result = await FleetProcess.RunAsync(_files.Dir, null, "config", "print", "--config", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}:1:22: fleet.loging: unknown key", result.Stderr);
        Assert.Contains("did you mean fleet.logging.level?", result.Stderr);
    }

    [Fact]
    public async Task ConfigPrint_MissingFile_ExitsWith2()
    {
        var result = await FleetProcess.RunAsync(_files.Dir, null, "config", "print", "--config", "nope.conf");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.conf is missing: the config file does not exist", result.Stderr);
    }

    [Fact]
    public async Task ConfigPrintOrigin_FromAnyDirectory_ShowsWhereEachValueWasSet()
    {
        var file = _files.Write("o.conf", "\nfleet.admin.port = 9400");
        var result = await FleetProcess.RunAsync(Path.GetTempPath(), null, "config", "print", "--origin", "--config", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"port = 9400  # {file}:2", result.Stdout);
        Assert.Matches(@"bind = ""127\.0\.0\.1""  # .*hocon/fleet\.conf:\d+", result.Stdout);
    }

    [Fact]
    public async Task Help_ListsEveryCommandWithADescription()
    {
        var result = await FleetProcess.RunAsync(_files.Dir, null, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"version\s+Print fleet's version", result.Stdout);
        Assert.Matches(@"config\s+Inspect Fleet's configuration", result.Stdout);
    }

    [Fact]
    public async Task Version_PrintsVersionCommitAndRuntime()
    {
        var result = await FleetProcess.RunAsync(_files.Dir, null, "version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^fleet \d+\.\d+\.\d+\ncommit \S+\nruntime \.NET \d+", result.Stdout);
    }
}
