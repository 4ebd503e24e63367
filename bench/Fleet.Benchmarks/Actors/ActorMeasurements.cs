using System.Diagnostics;
using Fleet.Actors;

namespace Fleet.Benchmarks.Actors;

/// <summary>The kernel side of each measurement (see <see cref="ChannelBaselines"/> for the other side).</summary>
internal static class ActorMeasurements
{
    /// <summary>Counts messages and completes a promise at the target (a ReceiveActor, as Fleet's actors are).</summary>
    private sealed class Counter : ReceiveActor
    {
        public Counter(int target, TaskCompletionSource done)
        {
            var count = 0;
            ReceiveAny(_ =>
            {
                if (++count == target) done.TrySetResult();
            });
        }
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
    }

    private sealed class Idle : ReceiveActor
    {
        public Idle(CountdownEvent started)
        {
            started.Signal();
            ReceiveAny(_ => { });
        }
    }

    /// <summary>Messages per second from <paramref name="producers"/> threads into one actor.</summary>
    public static double Throughput(int producers, int messages)
    {
        using var system = new SystemScope();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var counter = system.System.ActorOf(Props.Create(() => new Counter(messages, done)));
        var message = new object();
        var elapsed = Harness.RunProducers(producers, messages, () => counter.Tell(message, null), done.Task);
        return messages / elapsed.TotalSeconds;
    }

    /// <summary>Mean microseconds of one Ask round trip to an echo actor.</summary>
    public static double AskRoundTripMicros(int roundTrips)
    {
        using var system = new SystemScope();
        var echo = system.System.ActorOf(Props.Create<Echo>());
        var message = new object();
        return Harness.TimeAsync(roundTrips, () => echo.Ask(message, TimeSpan.FromSeconds(10))).GetAwaiter().GetResult();
    }

    /// <summary>Actors created and started per second, and the bytes each costs while idle.</summary>
    public static (double PerSecond, double BytesEach) Spawn(int count)
    {
        using var system = new SystemScope();
        var started = new CountdownEvent(count);
        var props = Props.Create(() => new Idle(started));
        var refs = new IActorRef[count];
        var before = Harness.HeapBytes();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) refs[i] = system.System.ActorOf(props);
        started.Wait();
        var elapsed = clock.Elapsed;
        // Every actor has run its Create turn; wait for the mailboxes to go idle before weighing.
        var bytes = (Harness.HeapBytes() - before) / (double)count;
        GC.KeepAlive(refs);
        return (count / elapsed.TotalSeconds, bytes);
    }

    private sealed class SystemScope : IDisposable
    {
        public ActorSystem System { get; } = ActorSystem.Create("bench");

        public void Dispose() => System.Terminate().Wait(TimeSpan.FromSeconds(60));
    }
}
