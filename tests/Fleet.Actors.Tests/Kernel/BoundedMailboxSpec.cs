using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class BoundedMailboxSpec
{
    /// <summary>Blocks its turn on "block" until the gate opens; reports ints to the probe.</summary>
    private sealed class Blockable : ReceiveActor
    {
        public Blockable(ManualResetEventSlim gate, IActorRef probe)
        {
            Receive<string>(_ =>
            {
                probe.Tell("blocked");
                gate.Wait();
            });
            Receive<int>(i => probe.Tell(i));
        }
    }

    private sealed record Setup(ActorSystem System, TestProbe Probe, TestProbe DeadLetters, ManualResetEventSlim Gate, IActorRef Actor);

    private static async Task<Setup> StartBlockedAsync(string name, MailboxOptions mailbox)
    {
        var system = ActorSystem.Create(name);
        var probe = new TestProbe(system);
        var dead = new TestProbe(system, "dead");
        system.EventStream.Subscribe(dead.Ref, typeof(DeadLetter));
        var gate = new ManualResetEventSlim();
        var actor = system.ActorOf(Props.Create(() => new Blockable(gate, probe.Ref)).WithMailbox(mailbox), "bounded");
        actor.Tell("block", null);
        await probe.ExpectMsgAsync("blocked");
        return new Setup(system, probe, dead, gate, actor);
    }

    [Fact]
    public async Task DropNewest_should_keep_the_queue_and_dead_letter_the_arrivals()
    {
        var s = await StartBlockedAsync("drop-newest", MailboxOptions.Bounded(3, MailboxOverflow.DropNewest));
        await using var _ = s.System;
        for (var i = 0; i < 5; i++) s.Actor.Tell(i, null);
        Assert.Equal(3, (await s.DeadLetters.ExpectMsgAsync<DeadLetter>()).Message);
        var dead = await s.DeadLetters.ExpectMsgAsync<DeadLetter>();
        Assert.Equal(4, dead.Message);
        Assert.Contains("DropNewest, capacity 3", dead.Reason);
        Assert.Equal(2, s.System.Snapshot().Find("/user/bounded")!.DroppedMessages);
        s.Gate.Set();
        for (var i = 0; i < 3; i++) Assert.Equal(i, await s.Probe.ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task DropOldest_should_make_room_by_dead_lettering_the_oldest()
    {
        var s = await StartBlockedAsync("drop-oldest", MailboxOptions.Bounded(3, MailboxOverflow.DropOldest));
        await using var _ = s.System;
        for (var i = 0; i < 5; i++) s.Actor.Tell(i, null);
        Assert.Equal(0, (await s.DeadLetters.ExpectMsgAsync<DeadLetter>()).Message);
        Assert.Equal(1, (await s.DeadLetters.ExpectMsgAsync<DeadLetter>()).Message);
        s.Gate.Set();
        for (var i = 2; i < 5; i++) Assert.Equal(i, await s.Probe.ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task Wait_should_make_TellAsync_wait_for_room_and_plain_Tell_drop()
    {
        var s = await StartBlockedAsync("wait", MailboxOptions.Bounded(2, MailboxOverflow.Wait));
        await using var _ = s.System;
        await s.Actor.TellAsync(0, null);
        await s.Actor.TellAsync(1, null);
        var third = s.Actor.TellAsync(2, null).AsTask();
        Assert.False(third.IsCompleted); // the actor is blocked, so no room can have appeared
        s.Actor.Tell(99, null); // plain Tell on a full Wait mailbox: dropped, never blocks
        Assert.Equal(99, (await s.DeadLetters.ExpectMsgAsync<DeadLetter>()).Message);
        using (var cts = new CancellationTokenSource())
        {
            var cancelled = s.Actor.TellAsync(98, null, cts.Token).AsTask();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        }
        s.Gate.Set();
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 3; i++) Assert.Equal(i, await s.Probe.ExpectMsgAsync<int>());
        s.Actor.Tell(3, null);
        Assert.Equal(3, await s.Probe.ExpectMsgAsync<int>()); // neither 98 nor 99 came through
    }

    [Fact]
    public void Bounded_mailbox_should_reject_a_capacity_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MailboxOptions.Bounded(0, MailboxOverflow.DropNewest));
    }
}
