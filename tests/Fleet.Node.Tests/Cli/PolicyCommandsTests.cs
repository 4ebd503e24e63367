using System.CommandLine;
using System.Text;
using Fleet.Node.Cli;

namespace Fleet.Node.Tests.Cli;

/// <summary>`fleet policy …` through the real command tree: exit codes and the one-line errors people see.</summary>
public sealed class PolicyCommandsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fleet-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public PolicyCommandsTests() => Directory.CreateDirectory(_dir);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await FleetCli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Predict_MissingCheckpointFolder_ExitsTwoNamingFolder()
    {
        var (code, _, error) = await RunAsync("policy", "predict", "--path", Path.Combine(_dir, "none"), "--observation", "o", "--out", "a");
        Assert.Equal(PolicyCommands.BadInput, code);
        Assert.Contains("none: checkpoint folder not found", error);
    }

    [Fact]
    public async Task Predict_UnknownPolicyType_ExitsTwoNamingType()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), """{"type": "diffusion"}""");
        var header = Encoding.ASCII.GetBytes("{}      ");
        File.WriteAllBytes(Path.Combine(_dir, "model.safetensors"), [.. BitConverter.GetBytes((ulong)header.Length), .. header]);
        var (code, _, error) = await RunAsync("policy", "predict", "--path", _dir, "--observation", "o", "--out", "a");
        Assert.Equal(PolicyCommands.BadInput, code);
        Assert.Contains("unknown policy type 'diffusion'", error);
    }

    [Fact]
    public async Task Bench_BadBatchList_ExitsTwoWithExample()
    {
        var (code, _, error) = await RunAsync("policy", "bench", "--path", _dir, "--batch", "1,x");
        Assert.Equal(PolicyCommands.BadInput, code);
        Assert.Contains("'x' is not a positive integer", error);
    }

    [Fact]
    public async Task Predict_MissingRequiredOption_FailsParsing()
    {
        var (code, _, error) = await RunAsync("policy", "predict", "--path", _dir);
        Assert.NotEqual(0, code);
        Assert.Contains("--observation", error);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
