using Fleet.Node.Config;
using Fleet.Node.Hosting;
using Fleet.Node.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Node.Tests.Hosting;

public sealed class FleetHostTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private FleetConfig Config(string extra = "") => ConfigLoader.Load([_files.Write("host.conf", extra)], _ => null);

    [Fact]
    public async Task RunAsync_StopApplication_RunsHooksPhaseByPhaseAndEndsTheWork()
    {
        await using var host = FleetHost.Create(Config());
        var order = new List<string>();
        host.Hooks.Register("stop-actors", "actors", _ => { lock (order) order.Add("stop-actors"); return Task.CompletedTask; });
        var workToken = CancellationToken.None;
        var workAliveDuringHook = false;
        host.Hooks.Register("hold-arms", "arms", _ =>
        {
            lock (order) order.Add("hold-arms");
            workAliveDuringHook = !workToken.IsCancellationRequested;
            return Task.CompletedTask;
        });
        var workStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workCancelled = false;

        var run = host.RunAsync(async (services, ct) =>
        {
            Assert.NotNull(services.GetRequiredService<FleetConfig>());
            workToken = ct;
            workStarted.SetResult();
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException) { workCancelled = true; throw; }
        }, CancellationToken.None);
        await workStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        host.Lifetime.StopApplication();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(workCancelled);
        Assert.True(workAliveDuringHook, "the work must still run while the shutdown phases do");
        Assert.Equal(["hold-arms", "stop-actors"], order);
    }

    [Fact]
    public async Task RunAsync_HookOverrunningItsPhase_IsCancelledAndLaterPhasesStillRun()
    {
        await using var host = FleetHost.Create(Config("fleet.shutdown.phases.stop-intake = 50ms"));
        var hookCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var laterRan = false;
        host.Hooks.Register("stop-intake", "slow", async ct =>
        {
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException) { hookCancelled.SetResult(); throw; }
        });
        host.Hooks.Register("stop-actors", "later", _ => { laterRan = true; return Task.CompletedTask; });

        var code = await host.RunAsync((_, _) => Task.CompletedTask, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        Assert.True(laterRan);
        // The hook sees its token cancelled when the phase times out (it may finish just after the phase moved on).
        await hookCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task RunAsync_WorkThrows_ReturnsOne()
    {
        await using var host = FleetHost.Create(Config());
        var code = await host.RunAsync((_, _) => throw new InvalidOperationException("boom"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, code);
    }

    [Fact]
    public void Create_Host_UsesTheConsoleLifetimeThatTurnsCtrlCAndSigtermIntoAStop()
    {
        var host = FleetHost.Create(Config());
        Assert.Equal("ConsoleLifetime", host.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostLifetime>().GetType().Name);
    }

    [Fact]
    public void Create_Host_LogsToStderrOnly()
    {
        var host = FleetHost.Create(Config("fleet.logging.format = json"));
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Trace, options.LogToStandardErrorThreshold);
        Assert.Equal("json", options.FormatterName);
    }

    [Fact]
    public void Register_UnknownPhase_ThrowsNamingThePhases()
    {
        var host = FleetHost.Create(Config());
        var error = Assert.Throws<ArgumentException>(() => host.Hooks.Register("lunch", "x", _ => Task.CompletedTask));
        Assert.Contains("stop-intake, hold-arms, flush-recordings, stop-actors", error.Message);
    }
}
