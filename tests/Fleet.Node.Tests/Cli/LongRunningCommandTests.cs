using System.CommandLine;
using Fleet.Node.Cli;
using Fleet.Node.Config;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Cli;

public sealed class LongRunningCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static async Task<(int Code, string Stderr)> InvokeAsync(Command command, params string[] args)
    {
        var root = new RootCommand("test") { command };
        var error = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Error = error, Output = new StringWriter() });
        return (code, error.ToString());
    }

    [Fact]
    public async Task Configure_GoodConfig_RunsTheWorkWithTheLoadedConfigUntilStopped()
    {
        var file = _files.Write("run.conf", "fleet.node.name = runner");
        string? seen = null;
        var command = new Command("run", "test command");
        LongRunningCommand.Configure(command, async (host, ct) =>
        {
            seen = ((FleetConfig)host.Services.GetService(typeof(FleetConfig))!).GetString("fleet.node.name");
            host.Lifetime.StopApplication();
            await Task.Delay(Timeout.Infinite, ct);
        });

        var (code, _) = await InvokeAsync(command, "run", "--config", file).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        Assert.Equal("runner", seen);
    }

    [Fact]
    public async Task Configure_BadConfig_ExitsWith2BeforeRunningTheWork()
    {
        var file = _files.Write("bad.conf", "fleet.node.nam = x");
        var ran = false;
        var command = new Command("run", "test command");
        LongRunningCommand.Configure(command, (_, _) => { ran = true; return Task.CompletedTask; });

        var (code, stderr) = await InvokeAsync(command, "run", "--config", file);

        Assert.Equal(2, code);
        Assert.False(ran);
        Assert.Contains("did you mean fleet.node.name?", stderr);
    }
}
