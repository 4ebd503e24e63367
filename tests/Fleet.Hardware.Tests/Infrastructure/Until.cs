using System.Diagnostics;

namespace Fleet.Hardware.Tests.Infrastructure;

/// <summary>Waits on a condition (never a fixed sleep), failing with a description after a generous bound.</summary>
internal static class Until
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit) Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting until {what}.");
            await Task.Yield();
        }
    }
}
