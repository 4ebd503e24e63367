using System.Text.Json;
using Fleet.Node.Tests.Cli;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Admin;

/// <summary>The admin-API palettes as real processes against a real `fleet demo` process.</summary>
public sealed class AdminCliTests(DemoNode demo) : IClassFixture<DemoNode>
{
    private static void AssertOk(FleetProcess.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\nstdout: {r.Stdout}\nstderr: {r.Stderr}");

    private async Task<JsonElement> ArmAsync(string id)
    {
        var r = await demo.CliAsync(true, "arm", "status", id, "--json");
        AssertOk(r);
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }

    [Fact]
    public async Task Demo_Started_PrintsTheAdminUrlOnStderr()
    {
        Assert.Equal($"http://127.0.0.1:{demo.Port}/", demo.Url);
        var r = await demo.CliAsync(true, "arm", "list");
        AssertOk(r);
        foreach (var arm in new[] { "arm-1", "arm-2", "arm-3", "arm-4" }) Assert.Contains(arm, r.Stdout);
    }

    [Fact]
    public async Task ArmEstopAndResume_ThroughCli_ChangeTheArmStateOnTheNode()
    {
        await AdminNode.WaitForAsync(async () => (await ArmAsync("arm-3")).GetProperty("state").GetString() == "running", "arm-3 to run", TimeSpan.FromSeconds(45));

        var stop = await demo.CliAsync(true, "arm", "estop", "arm-3");
        AssertOk(stop);
        Assert.Contains("arm-3: holding", stop.Stdout);
        Assert.Equal("holding", (await ArmAsync("arm-3")).GetProperty("state").GetString());

        AssertOk(await demo.CliAsync(true, "arm", "resume", "arm-3"));
        await AdminNode.WaitForAsync(async () => (await ArmAsync("arm-3")).GetProperty("state").GetString() == "running", "arm-3 to run again");
        var log = await demo.CliAsync(true, "log", "peek", "--level", "warn");
        AssertOk(log);
        Assert.Contains("arm 'arm-3' e-stopped by an operator", log.Stdout);
        Assert.Contains("arm 'arm-3' resumed by an operator", log.Stdout);
    }

    [Fact]
    public async Task ArmEstop_NeitherIdNorAll_FailsWithUsage()
    {
        var r = await demo.CliAsync(true, "arm", "estop");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("give either an arm ID or --all", r.Stderr + r.Stdout);
    }

    [Fact]
    public async Task ArmStatus_UnknownArm_ExitsOneNamingTheKnownArms()
    {
        var r = await demo.CliAsync(true, "arm", "status", "arm-9");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no arm 'arm-9' on this node (arms: arm-1, arm-2, arm-3, arm-4)", r.Stderr);
    }

    [Fact]
    public async Task WrongOrMissingToken_ExitsOneWith401()
    {
        var missing = await demo.CliAsync(false, "arm", "list");
        var wrong = await demo.CliAsync(false, "arm", "list", "--token", "nope");

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("HTTP 401", missing.Stderr);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("missing or wrong bearer token", wrong.Stderr);
    }

    [Fact]
    public async Task ActorHierarchy_Depth3_ShowsTheArmsUnderTheFleet()
    {
        var tree = await demo.CliAsync(true, "actor", "hierarchy", "--depth", "3");
        var json = await demo.CliAsync(true, "actor", "hierarchy", "--json");

        AssertOk(tree);
        Assert.Contains("fleet", tree.Stdout);
        Assert.Contains("arm-4", tree.Stdout);
        Assert.Contains("FleetSupervisor", tree.Stdout);
        AssertOk(json);
        var all = Flatten(JsonDocument.Parse(json.Stdout).RootElement).Select(a => a.GetProperty("path").GetString()).ToList();
        Assert.Contains("/user/fleet/arm-2/servo", all);
    }

    [Fact]
    public async Task PoolEpisodesAndCluster_Json_ParseAndDescribeTheDemo()
    {
        var pool = await demo.CliAsync(true, "policy", "pool", "--json");
        var episodes = await demo.CliAsync(true, "episode", "list", "--json");
        var cluster = await demo.CliAsync(true, "cluster", "show", "--json");

        AssertOk(pool);
        Assert.Equal("demo-sine", JsonDocument.Parse(pool.Stdout).RootElement[0].GetProperty("policy").GetString());
        AssertOk(episodes);
        Assert.Equal(0, JsonDocument.Parse(episodes.Stdout).RootElement.GetArrayLength());
        AssertOk(cluster);
        Assert.Equal("fleet-demo", JsonDocument.Parse(cluster.Stdout).RootElement[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ArmWatch_Count2Json_PrintsTwoUpdatesOfEveryArm()
    {
        var r = await demo.CliAsync(true, "arm", "watch", "--count", "2", "--interval-ms", "200", "--json");

        AssertOk(r);
        var updates = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, updates.Length);
        Assert.All(updates, u => Assert.Equal(4, JsonDocument.Parse(u).RootElement.GetArrayLength()));
    }

    [Fact]
    public async Task Demo_NonLoopbackBindWithoutToken_RefusesToStart()
    {
        using var files = new TempFiles();
        var config = files.Write("open.conf", "fleet.admin { bind = \"0.0.0.0\", port = 0 }\n");

        var r = await FleetProcess.RunAsync(files.Dir, new Dictionary<string, string> { ["FLEET_ADMIN_TOKEN"] = "" }, "demo", "--duration", "5", "--config", config);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("the admin API would listen on 0.0.0.0 without a token", r.Stderr + r.Stdout);
    }

    [Fact]
    public async Task Shell_ScriptedLines_RunsEachCommandAgainstTheNode()
    {
        var start = Cli.FleetProcess.StartInfo(null, ["shell", "--node", demo.Node, "--token", DemoNode.Token], redirectInput: true);
        using var shell = System.Diagnostics.Process.Start(start)!;
        var stdout = shell.StandardOutput.ReadToEndAsync();
        var stderr = shell.StandardError.ReadToEndAsync();
        await shell.StandardInput.WriteLineAsync("arm list --json");
        await shell.StandardInput.WriteLineAsync("cluster show");
        await shell.StandardInput.WriteLineAsync("exit");
        await shell.StandardInput.WriteLineAsync("arm estop --all"); // after exit: never run
        shell.StandardInput.Close();
        await shell.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        var output = await stdout;
        Assert.True(shell.ExitCode == 0, $"exit {shell.ExitCode}: {output} {await stderr}");
        Assert.Equal(4, FirstJsonValue(output).GetArrayLength());
        Assert.Contains("fleet-demo", output);
        Assert.DoesNotContain("holding", output);
    }

    [Fact]
    public async Task Shell_OnATerminal_TabCompletesAndRunsTheCompletedCommand()
    {
        // util-linux `script` gives the shell a real pseudo-terminal, so the key-by-key line editor runs.
        Assert.True(File.Exists("/usr/bin/script"), "/usr/bin/script (bsdutils) is part of every Debian system");
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/script") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-qfec", $"dotnet {RepoPaths.FleetDll} shell --node {demo.Node} --token {DemoNode.Token}", "/dev/null" }) start.ArgumentList.Add(a);
        using var home = new TempFiles();
        start.Environment["HOME"] = home.Dir; // the history file goes to a throwaway place
        using var shell = System.Diagnostics.Process.Start(start)!;
        var stdout = shell.StandardOutput.ReadToEndAsync();
        await shell.StandardInput.WriteAsync("ar\tst\tarm-2\r");   // "ar" Tab → "arm ", "st" Tab → "arm status "
        await shell.StandardInput.WriteAsync("exit\r");
        await shell.StandardInput.FlushAsync();
        await shell.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        var output = await stdout;
        Assert.True(shell.ExitCode == 0, $"exit {shell.ExitCode}: {output}");
        Assert.Contains("> arm status arm-2", output);
        Assert.Contains("chunks / requests / timeouts", output); // the detail view of `arm status` ran
        Assert.Equal(["arm status arm-2"], File.ReadAllLines(Path.Combine(home.Dir, ".fleet", "shell_history")));
    }

    [Fact]
    public async Task Shell_NoNodeThere_ExitsOneSayingSo()
    {
        var r = await FleetProcess.RunAsync(Path.GetTempPath(), null, "shell", "--node", "127.0.0.1:1");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("cannot reach the admin API of node 127.0.0.1:1", r.Stderr);
    }

    // The first JSON document of a text that goes on with other output.
    private static JsonElement FirstJsonValue(string text)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text));
        using var doc = JsonDocument.ParseValue(ref reader);
        return doc.RootElement.Clone();
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement actor) =>
        actor.GetProperty("children").EnumerateArray().SelectMany(Flatten).Prepend(actor);
}
