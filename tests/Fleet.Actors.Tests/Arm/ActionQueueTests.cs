using Fleet.Actors.Arm;
using Fleet.Messages;

namespace Fleet.Actors.Tests.Arm;

public class ActionQueueTests
{
    private static ActionChunk Chunk(long start, params float[] values) =>
        new("arm-1", start, values, 1, DateTimeOffset.UnixEpoch);

    private static float[] Pop(ActionQueue queue, int n) =>
        Enumerable.Range(0, n).Select(_ => queue.TryPop(out var a) ? a.Values.Span[0] : float.NaN).ToArray();

    [Fact]
    public void TryPop_EmptyQueue_ReturnsFalseAndCountsStarvation()
    {
        var queue = new ActionQueue(1, ChunkAggregation.LatestOnly);
        Assert.False(queue.TryPop(out _));
        Assert.False(queue.TryPop(out _));
        Assert.Equal(2, queue.StarvationTicks);
        Assert.Equal(-1, queue.LastExecutedTimestep);
        Assert.Equal(0, queue.NextTimestep);
    }

    [Fact]
    public void Merge_ChunkStartingAtNextTimestep_ExecutesItsFirstAction()
    {
        var queue = new ActionQueue(1, ChunkAggregation.LatestOnly);
        queue.Merge(Chunk(0, 10, 11, 12));
        Assert.Equal(new float[] { 10, 11 }, Pop(queue, 2));

        // The observation taken now is stamped NextTimestep (2); its chunk's action 0 is for timestep 2.
        long stamp = queue.NextTimestep;
        var outcome = queue.Merge(Chunk(stamp, 20, 21, 22));
        Assert.Equal(0, outcome.DroppedPast);
        Assert.True(queue.TryPop(out var first));
        Assert.Equal(2, first.Timestep);
        Assert.Equal(20, first.Values.Span[0]);
    }

    [Fact]
    public void Merge_ActionsWhoseTimestepPassed_AreDropped()
    {
        var queue = new ActionQueue(1, ChunkAggregation.LatestOnly);
        queue.Merge(Chunk(0, 0, 1, 2, 3, 4, 5));
        Pop(queue, 5); // executed 0..4
        var outcome = queue.Merge(Chunk(3, 30, 40, 50, 60, 70));
        Assert.Equal(2, outcome.DroppedPast);   // 3 and 4 already executed
        Assert.Equal(1, outcome.Blended);       // 5 was queued
        Assert.Equal(2, outcome.Inserted);      // 6, 7
        Assert.Equal(new long[] { 5, 6, 7 }, queue.Snapshot().Select(a => a.Timestep));
        Assert.Equal(new float[] { 50, 60, 70 }, Pop(queue, 3));
    }

    [Fact]
    public void Merge_QueuedActionsTheChunkDoesNotCover_AreKept()
    {
        var queue = new ActionQueue(1, ChunkAggregation.LatestOnly);
        queue.Merge(Chunk(0, 0, 1, 2, 3, 4, 5, 6, 7));
        // A short chunk covering only 2..3 (LeRobot would drop 4..7 by replacing the queue).
        var outcome = queue.Merge(Chunk(2, 20, 30));
        Assert.Equal(6, outcome.KeptQueued);
        Assert.Equal(new float[] { 0, 1, 20, 30, 4, 5, 6, 7 }, Pop(queue, 8));
        Assert.Equal(0, queue.StarvationTicks);
    }

    [Theory]
    [InlineData("weighted_average", 0.3 * 10 + 0.7 * 20)]
    [InlineData("latest_only", 20.0)]
    [InlineData("average", 15.0)]
    [InlineData("conservative", 0.7 * 10 + 0.3 * 20)]
    [InlineData("weight:0.25", 0.75 * 10 + 0.25 * 20)]
    public void Merge_OverlappingTimestep_BlendsWithTheConfiguredAggregation(string aggregation, double expected)
    {
        var queue = new ActionQueue(2, ChunkAggregation.Parse(aggregation));
        queue.Merge(new ActionChunk("arm-1", 0, new float[] { 10, -10 }, 2, DateTimeOffset.UnixEpoch));
        var outcome = queue.Merge(new ActionChunk("arm-1", 0, new float[] { 20, -20 }, 2, DateTimeOffset.UnixEpoch));
        Assert.Equal(1, outcome.Blended);
        Assert.True(queue.TryPop(out var action));
        Assert.Equal(expected, action.Values.Span[0], 4);
        Assert.Equal(-expected, action.Values.Span[1], 4);
    }

    [Fact]
    public void Merge_ChunkEntirelyInThePast_IsStaleAndChangesNothing()
    {
        var queue = new ActionQueue(1, ChunkAggregation.LatestOnly);
        queue.Merge(Chunk(0, 0, 1, 2, 3, 4));
        Pop(queue, 3);
        var outcome = queue.Merge(Chunk(0, 9, 9, 9));
        Assert.True(outcome.Stale);
        Assert.Equal(3, outcome.DroppedPast);
        Assert.Equal(new float[] { 3, 4 }, Pop(queue, 2));
    }

    [Fact]
    public void Merge_WrongActionWidth_ThrowsNamingTheArmAndBothWidths()
    {
        var queue = new ActionQueue(6, ChunkAggregation.WeightedAverage, "arm-3");
        var ex = Assert.Throws<ArgumentException>(() =>
            queue.Merge(new ActionChunk("arm-3", 0, new float[14], 7, DateTimeOffset.UnixEpoch)));
        Assert.Contains("arm-3", ex.Message);
        Assert.Contains("7 values per action", ex.Message);
        Assert.Contains("6-value", ex.Message);
    }

    [Fact]
    public void Merge_DoesNotMutateTheChunkItBlendsInto()
    {
        var first = new float[] { 10, 11 };
        var queue = new ActionQueue(1, ChunkAggregation.Average);
        queue.Merge(Chunk(0, first));
        queue.Merge(Chunk(0, 30, 31));
        Assert.Equal(new float[] { 10, 11 }, first);
        Assert.Equal(new float[] { 20, 21 }, Pop(queue, 2));
    }
}
