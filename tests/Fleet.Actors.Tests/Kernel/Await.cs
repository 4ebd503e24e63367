namespace Fleet.Actors.Tests.Kernel;

/// <summary>Test helpers that wait on conditions, never on fixed sleeps.</summary>
internal static class Await
{
    public static async Task ConditionAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Condition not met in time: " + what);
            await Task.Delay(2);
        }
    }
}
