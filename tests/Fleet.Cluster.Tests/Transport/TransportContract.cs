using System.Collections.Concurrent;
using System.Text;
using Fleet.Cluster.Tests.Infrastructure;
using Fleet.Cluster.Transport;

namespace Fleet.Cluster.Tests.Transport;

/// <summary>
/// The <see cref="ITransport"/> contract, run against every implementation (the ChannelTestBase way). Test methods are
/// virtual so the RabbitMQ suite can re-attribute them to skip visibly where rabbitmq-server is missing.
/// </summary>
public abstract class TransportContract : IAsyncLifetime
{
    private readonly List<ITransport> _opened = [];

    protected abstract Task<ITransport> ConnectAsync(string name);

    protected static readonly CancellationToken None = CancellationToken.None;

    protected string Unique(string what) => $"contract-{what}-{Guid.NewGuid():N}"[..40];

    protected async Task<ITransport> OpenAsync(string name)
    {
        var t = await ConnectAsync(name);
        _opened.Add(t);
        return t;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var t in _opened) await t.DisposeAsync();
    }

    private static TransportMessage Message(string text, string? correlation = null, TimeSpan? ttl = null) =>
        new("test.v1", Encoding.UTF8.GetBytes(text), "reply-here", correlation ?? text, ttl);

    private static string Text(Delivery d) => Encoding.UTF8.GetString(d.Message.Body.Span);

    [Fact]
    public virtual async Task Publish_ToDeclaredQueue_DeliversManifestBodyAndProperties()
    {
        var t = await OpenAsync("a");
        var q = Unique("basic");
        await t.DeclareQueueAsync(new QueueSpec(q, Durable: false), None);
        var got = new TaskCompletionSource<Delivery>();
        await using var c = await t.ConsumeAsync(q, 1, async (d, ct) => { got.TrySetResult(d); await d.AckAsync(ct); }, None);

        Assert.Equal(PublishOutcome.Accepted, await t.PublishAsync(Destination.Queue(q), Message("hello", "arm-1/7"), None));

        var d = await got.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(("test.v1", "hello", "reply-here", "arm-1/7", false), (d.Message.Manifest, Text(d), d.Message.ReplyTo, d.Message.CorrelationId, d.Redelivered));
        Assert.Equal(q, d.Queue);
    }

    [Fact]
    public virtual async Task Consumer_DisposedWithoutAck_MessagesGoToAnotherConsumerMarkedRedelivered()
    {
        var t1 = await OpenAsync("dies");
        var t2 = await OpenAsync("survives");
        var q = Unique("redeliver");
        await t1.DeclareQueueAsync(new QueueSpec(q, Durable: false), None);
        var held = new ConcurrentBag<Delivery>();
        var first = await t1.ConsumeAsync(q, 10, (d, _) => { held.Add(d); return ValueTask.CompletedTask; }, None);
        for (var i = 0; i < 3; i++) await t1.PublishAsync(Destination.Queue(q), Message($"m{i}"), None);
        await Eventually.TrueAsync(() => held.Count == 3, "the first consumer holds all 3 unacknowledged");

        var second = new ConcurrentBag<Delivery>();
        await using var c2 = await t2.ConsumeAsync(q, 10, async (d, ct) => { second.Add(d); await d.AckAsync(ct); }, None);
        await first.DisposeAsync();

        await Eventually.TrueAsync(() => second.Count == 3, "all 3 redelivered to the second consumer");
        Assert.All(second, d => Assert.True(d.Redelivered));
        Assert.Equal(["m0", "m1", "m2"], second.Select(Text).Order());
    }

    [Fact]
    public virtual async Task Prefetch_LimitsUnacknowledgedDeliveriesPerConsumer()
    {
        var t = await OpenAsync("prefetch");
        var q = Unique("prefetch");
        await t.DeclareQueueAsync(new QueueSpec(q, Durable: false), None);
        for (var i = 0; i < 5; i++) await t.PublishAsync(Destination.Queue(q), Message($"m{i}"), None);
        var held = new ConcurrentBag<Delivery>();
        await using var slow = await t.ConsumeAsync(q, 2, (d, _) => { held.Add(d); return ValueTask.CompletedTask; }, None);
        await Eventually.TrueAsync(() => held.Count == 2, "the prefetch-2 consumer holds 2");

        var rest = new ConcurrentBag<Delivery>();
        await using var fast = await t.ConsumeAsync(q, 10, async (d, ct) => { rest.Add(d); await d.AckAsync(ct); }, None);

        await Eventually.TrueAsync(() => rest.Count == 3, "the other consumer gets the 3 the first could not take");
        Assert.Equal(2, held.Count);
    }

    [Fact]
    public virtual async Task Publish_ToFullQueueWithRejectPublish_ReturnsRejected()
    {
        var t = await OpenAsync("full");
        var q = Unique("full");
        await t.DeclareQueueAsync(new QueueSpec(q, Durable: false, MaxLength: 2), None);

        var outcomes = new List<PublishOutcome>();
        for (var i = 0; i < 3; i++) outcomes.Add(await t.PublishAsync(Destination.Queue(q), Message($"m{i}"), None));

        Assert.Equal([PublishOutcome.Accepted, PublishOutcome.Accepted, PublishOutcome.Rejected], outcomes);
        Assert.Equal(1, t.Counters.Rejected);
    }

    [Fact]
    public virtual async Task Publish_ToMissingQueue_ReturnsUnroutable()
    {
        var t = await OpenAsync("nowhere");

        Assert.Equal(PublishOutcome.Unroutable, await t.PublishAsync(Destination.Queue(Unique("missing")), Message("x"), None));
    }

    [Fact]
    public virtual async Task ExpiredMessage_IsNeverDelivered()
    {
        var t = await OpenAsync("ttl");
        var q = Unique("ttl");
        await t.DeclareQueueAsync(new QueueSpec(q, Durable: false), None);
        var ttl = TimeSpan.FromMilliseconds(30);
        await t.PublishAsync(Destination.Queue(q), Message("stale", ttl: ttl), None);
        // Expiry is about time passing; this waits for the expiry itself, not for a guess of how long work takes.
        await Task.Delay(ttl * 4);
        await t.PublishAsync(Destination.Queue(q), Message("fresh"), None);

        var got = new ConcurrentQueue<string>();
        await using var c = await t.ConsumeAsync(q, 10, async (d, ct) => { got.Enqueue(Text(d)); await d.AckAsync(ct); }, None);

        await Eventually.TrueAsync(() => got.Contains("fresh"), "the fresh message");
        Assert.Equal(["fresh"], got);
    }

    [Fact]
    public virtual async Task Broadcast_ReachesEveryBoundQueue()
    {
        var t = await OpenAsync("fanout");
        var exchange = Unique("x");
        var queues = new[] { Unique("q1"), Unique("q2"), Unique("q3") };
        await t.DeclareBroadcastAsync(exchange, durable: false, None);
        var got = new ConcurrentBag<string>();
        var consumers = new List<IConsumer>();
        foreach (var q in queues)
        {
            await t.DeclareQueueAsync(new QueueSpec(q, Durable: false), None);
            await t.BindAsync(q, exchange, None);
            consumers.Add(await t.ConsumeAsync(q, 1, async (d, ct) => { got.Add(d.Queue); await d.AckAsync(ct); }, None));
        }

        Assert.Equal(PublishOutcome.Accepted, await t.PublishAsync(Destination.Broadcast(exchange), Message("stop"), None));

        await Eventually.TrueAsync(() => got.Count == 3, "one copy per bound queue");
        Assert.Equal(queues.Order(), got.Order());
        foreach (var c in consumers) await c.DisposeAsync();
    }

    [Fact]
    public virtual async Task Reject_WithRequeue_RedeliversAndWithoutRequeue_Drops()
    {
        var t = await OpenAsync("reject");
        var q = Unique("reject");
        await t.DeclareQueueAsync(new QueueSpec(q, Durable: false), None);
        var seen = new ConcurrentQueue<(string Text, bool Redelivered)>();
        await using var c = await t.ConsumeAsync(q, 1, async (d, ct) =>
        {
            seen.Enqueue((Text(d), d.Redelivered));
            if (Text(d) == "retry" && !d.Redelivered) await d.RejectAsync(requeue: true, ct);
            else if (Text(d) == "drop") await d.RejectAsync(requeue: false, ct);
            else await d.AckAsync(ct);
        }, None);

        await t.PublishAsync(Destination.Queue(q), Message("drop"), None);
        await t.PublishAsync(Destination.Queue(q), Message("retry"), None);
        await t.PublishAsync(Destination.Queue(q), Message("last"), None);

        await Eventually.TrueAsync(() => seen.Any(s => s.Text == "last") && seen.Count(s => s.Text == "retry") == 2, "retry twice and last");
        Assert.Single(seen, s => s.Text == "drop");
        Assert.Contains(("retry", true), seen);
    }

    [Fact]
    public virtual async Task StoppedConsumer_KeepsWhatItHoldsAckableAndTakesNothingNew()
    {
        var t = await OpenAsync("leaving");
        var q = Unique("leave");
        await t.DeclareQueueAsync(new QueueSpec(q, Durable: false), None);
        var held = new ConcurrentBag<Delivery>();
        var leaving = await t.ConsumeAsync(q, 5, (d, _) => { held.Add(d); return ValueTask.CompletedTask; }, None);
        await t.PublishAsync(Destination.Queue(q), Message("in-hand"), None);
        await Eventually.TrueAsync(() => held.Count == 1, "the leaving consumer holds one");

        await leaving.StopAsync(None);
        await t.PublishAsync(Destination.Queue(q), Message("after-stop"), None);
        await held.Single().AckAsync(None);
        await leaving.DisposeAsync();
        var other = new ConcurrentQueue<string>();
        await using var c = await t.ConsumeAsync(q, 5, async (d, ct) => { other.Enqueue(Text(d)); await d.AckAsync(ct); }, None);

        await Eventually.TrueAsync(() => other.Contains("after-stop"), "the message published after stop goes to the other consumer");
        Assert.Equal(["after-stop"], other); // the acknowledged one is not redelivered
        Assert.Single(held);
    }
}
