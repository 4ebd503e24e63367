using System.Diagnostics;
using System.Threading.Channels;

namespace Fleet.Benchmarks.Actors;

/// <summary>
/// The raw System.Threading.Channels version of each actor measurement: an unbounded channel with one reader task
/// (SingleReader = true, SingleWriter = false: the same multi-producer single-consumer shape as a mailbox).
/// </summary>
internal static class ChannelBaselines
{
    private static readonly UnboundedChannelOptions Mpsc = new() { SingleReader = true, SingleWriter = false };

    /// <summary>Messages per second from <paramref name="producers"/> threads into one reader.</summary>
    public static double Throughput(int producers, int messages)
    {
        var channel = Channel.CreateUnbounded<object>(Mpsc);
        var message = new object();
        var reader = Task.Run(async () =>
        {
            var count = 0;
            while (await channel.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out _))
                {
                    if (++count == messages) return;
                }
            }
        });
        var elapsed = Harness.RunProducers(producers, messages, () => channel.Writer.TryWrite(message), reader);
        return messages / elapsed.TotalSeconds;
    }

    /// <summary>Mean microseconds of a request/reply round trip through a request channel and a reply promise.</summary>
    public static double RoundTripMicros(int roundTrips)
    {
        var requests = Channel.CreateUnbounded<TaskCompletionSource<object>>(Mpsc);
        var reply = new object();
        _ = Task.Run(async () =>
        {
            await foreach (var request in requests.Reader.ReadAllAsync().ConfigureAwait(false)) request.TrySetResult(reply);
        });
        return Harness.TimeAsync(roundTrips, async () =>
        {
            var promise = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            requests.Writer.TryWrite(promise);
            await promise.Task.ConfigureAwait(false);
        }).GetAwaiter().GetResult();
    }

    /// <summary>Channels with a started reader task per second, and the bytes each costs while idle.</summary>
    public static (double PerSecond, double BytesEach) Spawn(int count)
    {
        var readers = new (Channel<object>, Task)[count];
        var started = new CountdownEvent(count);
        var before = Harness.HeapBytes();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var channel = Channel.CreateUnbounded<object>(Mpsc);
            readers[i] = (channel, ReadAsync(channel, started));
        }
        started.Wait();
        var elapsed = clock.Elapsed;
        var bytes = (Harness.HeapBytes() - before) / (double)count;
        foreach (var (channel, _) in readers) channel.Writer.Complete();
        Task.WaitAll(readers.Select(r => r.Item2).ToArray());
        return (count / elapsed.TotalSeconds, bytes);
    }

    private static async Task ReadAsync(Channel<object> channel, CountdownEvent started)
    {
        await Task.Yield();
        started.Signal();
        await foreach (var _ in channel.Reader.ReadAllAsync().ConfigureAwait(false))
        {
        }
    }
}
