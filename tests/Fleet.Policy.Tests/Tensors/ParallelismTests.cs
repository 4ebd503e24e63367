using System.Collections.Concurrent;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Tests.Tensors;

public class ParallelismTests
{
    [Fact]
    public void For_ManyRegionsInARow_RunsEveryIndexExactlyOnceOnMoreThanOneThread()
    {
        var plan = new Parallelism(3);
        var threads = new ConcurrentDictionary<int, bool>();
        for (int region = 0; region < 2000; region++)
        {
            int count = 1 + region % 7;
            var hits = new int[count];
            plan.For(count, i =>
            {
                Interlocked.Increment(ref hits[i]);
                threads[Environment.CurrentManagedThreadId] = true;
                if (i == 0) Thread.SpinWait(2000); // give the workers a part to take
            });
            Assert.All(hits, h => Assert.Equal(1, h));
        }
        Assert.True(threads.Count > 1, "every part ran on the calling thread: the worker team never took one");
    }

    [Fact]
    public void For_BodyThrows_ThrowsAggregateExceptionAndTheNextRegionStillRuns()
    {
        var plan = new Parallelism(2);
        var error = Assert.Throws<AggregateException>(() => plan.For(4, i =>
        {
            if (i == 2) throw new InvalidOperationException("part 2 failed");
        }));
        Assert.Contains(error.InnerExceptions, e => e.Message == "part 2 failed");
        int sum = 0;
        plan.For(4, i => Interlocked.Add(ref sum, i + 1));
        Assert.Equal(10, sum);
    }

    [Fact]
    public void For_NestedOnTheSamePlan_CompletesEveryInnerIndex()
    {
        var plan = new Parallelism(2);
        var hits = new int[4 * 5];
        plan.For(4, outer => plan.For(5, inner => Interlocked.Increment(ref hits[outer * 5 + inner])));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public async Task For_FromTwoThreadsAtOnce_BothComplete()
    {
        var plan = new Parallelism(2);
        long a = 0, b = 0;
        var first = Task.Run(() => { for (int r = 0; r < 500; r++) plan.For(3, i => Interlocked.Add(ref a, i)); });
        var second = Task.Run(() => { for (int r = 0; r < 500; r++) plan.For(3, i => Interlocked.Add(ref b, i)); });
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(500 * 3, a);
        Assert.Equal(500 * 3, b);
    }
}
