using Fleet.Messages;

namespace Fleet.Actors.Arm;

/// <summary>
/// The arm's queue of future actions keyed by control timestep (SmolVLA Algorithm 1, the merge step).
/// <para>
/// Timesteps count executed actions: the servo tick pops the lowest queued timestep, and only a popped action
/// advances <see cref="LastExecutedTimestep"/>. A tick that finds the queue empty is a starvation tick; the
/// timeline does not advance, so no predicted action is skipped because the policy was late.
/// </para>
/// <para>
/// Merging a chunk (<see cref="Merge"/>): actions for timesteps already executed are dropped; actions for
/// timesteps already queued are blended with <see cref="ChunkAggregation"/>; the rest are inserted; queued
/// actions the chunk does not cover are kept. This fixes two flaws of LeRobot's client, which replaces the
/// queue with the chunk (losing uncovered actions) and stamps observations one timestep early (so the first
/// action of every chunk is always dropped): here observations carry <see cref="NextTimestep"/>.
/// </para>
/// Not thread-safe: one owner (the action-queue actor) calls it.
/// </summary>
public sealed class ActionQueue
{
    // Ascending by timestep, all greater than _lastExecuted. Chunks hold tens of actions, so a list is cheaper
    // than a tree; popping from the front moves _head instead of shifting.
    private List<TimedAction> _items = [];
    private List<TimedAction> _scratch = [];   // the merge builds here, then the two lists swap
    // How many predictions each queued action averages (parallel to _items); temporal ensembling weighs by it.
    private List<int> _counts = [];
    private List<int> _scratchCounts = [];
    private int _head;
    private long _lastExecuted = -1;

    /// <summary>Creates an empty queue for actions of <paramref name="actionDim"/> values.</summary>
    /// <param name="actionDim">Values per action; every merged chunk must match it.</param>
    /// <param name="aggregation">How overlapping actions are blended.</param>
    /// <param name="armId">The arm, for error messages.</param>
    public ActionQueue(int actionDim, ChunkAggregation aggregation, string armId = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(actionDim);
        ArgumentNullException.ThrowIfNull(aggregation);
        ActionDim = actionDim;
        Aggregation = aggregation;
        ArmId = armId;
    }

    /// <summary>Values per action.</summary>
    public int ActionDim { get; }

    /// <summary>How overlapping actions are blended.</summary>
    public ChunkAggregation Aggregation { get; }

    /// <summary>The arm this queue feeds.</summary>
    public string ArmId { get; }

    /// <summary>Actions waiting to be executed.</summary>
    public int Count => _items.Count - _head;

    /// <summary>Timestep of the last popped action; -1 before the first.</summary>
    public long LastExecutedTimestep => _lastExecuted;

    /// <summary>
    /// The timestep the next executed action will carry: stamp observations with it, so the first action of
    /// the chunk that answers is executed rather than dropped.
    /// </summary>
    public long NextTimestep => Count > 0 ? _items[_head].Timestep : _lastExecuted + 1;

    /// <summary>Ticks that found the queue empty.</summary>
    public long StarvationTicks { get; private set; }

    /// <summary>Actions popped so far.</summary>
    public long ExecutedCount { get; private set; }

    /// <summary>Chunk actions dropped so far because their timestep had passed.</summary>
    public long DroppedPastCount { get; private set; }

    /// <summary>
    /// Takes the action for this tick, never waiting. Returns false on an empty queue and counts a starvation
    /// tick; the caller holds its last goal.
    /// </summary>
    public bool TryPop(out TimedAction action)
    {
        if (Count == 0)
        {
            StarvationTicks++;
            action = null!;
            return false;
        }
        action = _items[_head];
        _items[_head] = null!;
        _head++;
        if (_head == _items.Count) { _items.Clear(); _counts.Clear(); _head = 0; }
        _lastExecuted = action.Timestep;
        ExecutedCount++;
        return true;
    }

    /// <summary>The queued actions in execution order (a copy).</summary>
    public IReadOnlyList<TimedAction> Snapshot() => _items.GetRange(_head, Count);

    /// <summary>Merges an arriving chunk with the queue (see the class remarks).</summary>
    /// <exception cref="ArgumentException">The chunk's action width differs from <see cref="ActionDim"/>.</exception>
    public MergeOutcome Merge(ActionChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.ActionDim != ActionDim || chunk.Actions.Length != chunk.Length * ActionDim)
            throw new ArgumentException(
                $"Arm '{ArmId}': a chunk with {chunk.ActionDim} values per action ({chunk.Actions.Length} values) cannot " +
                $"join a queue of {ActionDim}-value actions. Check that the policy's action_dim matches the robot's motors.",
                nameof(chunk));

        var merged = _scratch;
        var mergedCounts = _scratchCounts;
        merged.Clear();
        mergedCounts.Clear();
        int q = _head, dropped = 0, blended = 0, inserted = 0, kept = 0;
        for (int i = 0; i < chunk.Length; i++)
        {
            long t = chunk.StartTimestep + i;
            if (t <= _lastExecuted) { dropped++; continue; }
            while (q < _items.Count && _items[q].Timestep < t) { mergedCounts.Add(_counts[q]); merged.Add(_items[q++]); kept++; }
            var incoming = chunk.Actions.Slice(i * ActionDim, ActionDim);
            if (q < _items.Count && _items[q].Timestep == t)
            {
                var values = new float[ActionDim];
                Aggregation.Blend(_items[q].Values.Span, _counts[q], incoming.Span, values);
                mergedCounts.Add(_counts[q] + 1);
                q++;
                merged.Add(new TimedAction(t, values));
                blended++;
            }
            else
            {
                merged.Add(new TimedAction(t, incoming));
                mergedCounts.Add(1);
                inserted++;
            }
        }
        while (q < _items.Count) { mergedCounts.Add(_counts[q]); merged.Add(_items[q++]); kept++; }

        _items.Clear();
        _counts.Clear();
        (_items, _scratch) = (merged, _items);
        (_counts, _scratchCounts) = (mergedCounts, _counts);
        _head = 0;
        DroppedPastCount += dropped;
        return new MergeOutcome(dropped, blended, inserted, kept);
    }
}
