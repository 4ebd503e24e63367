using Fleet.Dataset.Tests.Journal.Infrastructure;

/// <summary>
/// .NET startup hook (the runtime calls <see cref="Initialize"/> before Main when DOTNET_STARTUP_HOOKS names this
/// assembly). Only when <see cref="CrashHost.PathVariable"/> is set does it become the crash-test child process;
/// it then never returns to the test assembly's generated Main.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable(CrashHost.PathVariable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        CrashHost.RunAsync(path).GetAwaiter().GetResult();
        Environment.Exit(3);
    }
}
