using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class CoordinatedShutdownSignalSpec
{
    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private const int SigTerm = 15;

    [Fact]
    public async Task RunOnPosixSignals_should_run_shutdown_on_SIGTERM_instead_of_exiting()
    {
        if (!OperatingSystem.IsLinux()) return;
        var system = ActorSystem.Create("signals");
        var shutdown = system.CoordinatedShutdown;
        var flushed = new TaskCompletionSource();
        shutdown.AddTask(CoordinatedShutdown.PhaseFlushRecordings, "flush", _ =>
        {
            flushed.TrySetResult();
            return Task.CompletedTask;
        });
        using (shutdown.RunOnPosixSignals())
        {
            Assert.Equal(0, kill(Environment.ProcessId, SigTerm)); // this test process survives: the handler cancels the default exit
            await Await.ConditionAsync(() => shutdown.Reason is not null, "shutdown started by the signal");
            Assert.Same(ShutdownReason.SigTerm, shutdown.Reason);
            await shutdown.Run(ShutdownReason.Unknown).WaitAsync(TimeSpan.FromSeconds(30));
        }
        Assert.True(flushed.Task.IsCompleted);
        Assert.True(system.WhenTerminated.IsCompleted);
    }
}
