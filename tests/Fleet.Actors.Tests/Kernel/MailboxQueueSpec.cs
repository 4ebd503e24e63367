using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class MailboxQueueSpec
{
    [Fact]
    public void SegmentedMpscQueue_should_deliver_every_message_once_in_per_producer_order_while_consumed_concurrently()
    {
        const int producers = 4, perProducer = 250_000;
        var queue = new SegmentedMpscQueue();
        var start = new Barrier(producers + 1);
        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perProducer; i++) queue.Enqueue((p, i), null);
        })).ToList();
        threads.ForEach(t => t.Start());
        start.SignalAndWait();
        var next = new int[producers];
        var received = 0;
        while (received < producers * perProducer)
        {
            if (!queue.TryDequeue(out var envelope))
            {
                Thread.SpinWait(10);
                continue;
            }
            var (p, i) = ((int, int))envelope.Message;
            Assert.Equal(next[p], i);
            next[p] = i + 1;
            received++;
        }
        threads.ForEach(t => t.Join());
        Assert.True(queue.IsEmpty);
        Assert.False(queue.TryDequeue(out _));
        Assert.All(next, n => Assert.Equal(perProducer, n));
    }

    [Fact]
    public void SegmentedMpscQueue_should_report_not_empty_and_count_across_segment_boundaries()
    {
        var queue = new SegmentedMpscQueue();
        Assert.True(queue.IsEmpty);
        for (var i = 0; i < 5000; i++) queue.Enqueue(i, null);
        Assert.False(queue.IsEmpty);
        Assert.Equal(5000, queue.CountUpTo(100_000));
        Assert.Equal(100, queue.CountUpTo(100));
        for (var i = 0; i < 4999; i++)
        {
            Assert.True(queue.TryDequeue(out var e));
            Assert.Equal(i, e.Message);
        }
        Assert.Equal(1, queue.CountUpTo(10));
        Assert.True(queue.TryDequeue(out _));
        Assert.True(queue.IsEmpty);
        Assert.Equal(0, queue.CountUpTo(10));
    }
}
