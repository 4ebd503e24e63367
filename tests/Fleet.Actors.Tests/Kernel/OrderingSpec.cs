using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class OrderingSpec
{
    private sealed record Numbered(int Sender, int Sequence);

    private sealed record Report(int Total, int Duplicates, int OrderViolations);

    /// <summary>Checks, per sender, that sequence numbers arrive exactly once and in order.</summary>
    private sealed class Checker : ReceiveActor
    {
        private readonly int[] _next;
        private int _total, _duplicates, _violations;

        public Checker(int senders)
        {
            _next = new int[senders];
            Receive<Numbered>(n =>
            {
                _total++;
                if (n.Sequence < _next[n.Sender]) _duplicates++;
                else if (n.Sequence > _next[n.Sender]) _violations++;
                _next[n.Sender] = n.Sequence + 1;
            });
            Receive<string>(_ => Sender.Tell(new Report(_total, _duplicates, _violations)));
        }
    }

    [Fact]
    public async Task Tell_should_keep_per_sender_order_and_lose_nothing_under_8_concurrent_senders()
    {
        const int senders = 8, perSender = 200_000;
        await using var system = ActorSystem.Create("ordering");
        var checker = system.ActorOf(Props.Create(() => new Checker(senders)), "checker");
        var start = new Barrier(senders);
        var threads = Enumerable.Range(0, senders).Select(s => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perSender; i++) checker.Tell(new Numbered(s, i), null);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var report = await checker.Ask<Report>("report", TimeSpan.FromSeconds(60));
        Assert.Equal(new Report(senders * perSender, 0, 0), report);
        Assert.Equal(0, system.DeadLetterCount);
    }

    [Fact]
    public async Task Actors_should_exchange_messages_without_loss_in_a_ring()
    {
        await using var system = ActorSystem.Create("ring");
        var probe = new TestProbe(system);
        var last = probe.Ref;
        for (var i = 0; i < 100; i++)
        {
            var next = last;
            last = system.ActorOf(Props.Create(() => new Forwarder(next)));
        }
        for (var i = 0; i < 1000; i++) last.Tell(i, null);
        for (var i = 0; i < 1000; i++) Assert.Equal(i, await probe.ExpectMsgAsync<int>());
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef next) => ReceiveAny(m => next.Tell(m, Self));
    }
}
