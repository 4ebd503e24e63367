using Fleet.Actors.Arm;

namespace Fleet.Actors.Tests.Arm;

public class InferenceTriggerTests
{
    private static readonly TimeSpan T0 = TimeSpan.Zero;

    [Fact]
    public void Poll_QueueAboveThreshold_DoesNotSend()
    {
        var trigger = new InferenceTrigger(new AsyncInferenceOptions(G: 0.5), chunkSize: 50);
        Assert.False(trigger.Poll(26, 10, T0).Send);
        var at = trigger.Poll(25, 10, T0);
        Assert.True(at.Send);
        Assert.False(at.MustGo);
    }

    [Fact]
    public void Poll_EmptyQueue_IsMustGo()
    {
        var trigger = new InferenceTrigger(new AsyncInferenceOptions(), chunkSize: 50);
        var decision = trigger.Poll(0, 0, T0);
        Assert.True(decision.Send);
        Assert.True(decision.MustGo);
    }

    [Fact]
    public void Poll_MaxInFlightReached_HoldsBack()
    {
        var trigger = new InferenceTrigger(new AsyncInferenceOptions(MaxInFlight: 2), chunkSize: 50);
        trigger.Register(10, false, T0);
        Assert.True(trigger.Poll(5, 11, T0).Send);
        trigger.Register(11, false, T0);
        Assert.False(trigger.Poll(4, 12, T0).Send);
        Assert.False(trigger.Poll(0, 12, T0).Send); // even must-go waits for a slot
    }

    [Fact]
    public void Poll_SameTimestepAlreadyInFlight_DoesNotAskTwice()
    {
        var trigger = new InferenceTrigger(new AsyncInferenceOptions(MaxInFlight: 3), chunkSize: 50);
        trigger.Register(7, true, T0);
        Assert.False(trigger.Poll(0, 7, T0).Send);
        Assert.True(trigger.Poll(0, 8, T0).Send);
    }

    [Fact]
    public void Poll_AfterDeadline_ExpiresAndAsksAgain()
    {
        var trigger = new InferenceTrigger(new AsyncInferenceOptions(Deadline: TimeSpan.FromMilliseconds(300)), chunkSize: 50);
        trigger.Register(7, true, T0);
        Assert.False(trigger.Poll(0, 7, TimeSpan.FromMilliseconds(299)).Send);
        var decision = trigger.Poll(0, 7, TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, decision.Expired);
        Assert.True(decision.Send);
        Assert.Equal(1, trigger.TimeoutCount);
    }

    [Fact]
    public void OnReply_OlderThanTheNewestMerged_IsDiscarded()
    {
        var trigger = new InferenceTrigger(new AsyncInferenceOptions(MaxInFlight: 2), chunkSize: 50);
        trigger.Register(10, false, T0);
        trigger.Register(20, false, T0);
        Assert.Equal(ReplyVerdict.Merge, trigger.OnReply(20));
        Assert.Equal(ReplyVerdict.DiscardOutdated, trigger.OnReply(10));
        Assert.Empty(trigger.InFlight);
        Assert.Equal(1, trigger.DiscardedCount);
    }

    [Fact]
    public void Poll_Synchronous_SendsOnlyWhenEmptyAndIdle()
    {
        var trigger = new InferenceTrigger(new AsyncInferenceOptions(G: 0.9, Mode: InferenceMode.Synchronous), chunkSize: 50);
        Assert.False(trigger.Poll(1, 5, T0).Send);
        var decision = trigger.Poll(0, 5, T0);
        Assert.True(decision.Send && decision.MustGo);
        trigger.Register(5, true, T0);
        Assert.False(trigger.Poll(0, 6, T0).Send);
    }

    [Theory]
    [InlineData(-0.1, 1)]
    [InlineData(1.1, 1)]
    [InlineData(0.5, 0)]
    public void Constructor_BadOptions_ThrowNamingTheKey(double g, int maxInFlight)
    {
        var ex = Assert.Throws<ArgumentException>(() => new InferenceTrigger(new AsyncInferenceOptions(G: g, MaxInFlight: maxInFlight), 50));
        Assert.Contains("async-inference.", ex.Message);
    }
}
