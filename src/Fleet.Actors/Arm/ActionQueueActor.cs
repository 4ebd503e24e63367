namespace Fleet.Actors.Arm;

/// <summary>
/// The arm's action queue, seen from the actor side: it checks each accepted chunk against the arm's action size and
/// hands it to the servo tick through the <see cref="ChunkInbox"/>. The merge itself (<see cref="ActionQueue.Merge"/>)
/// runs on the tick thread at the start of the next tick, so the pop on the tick path never takes a lock.
/// </summary>
public sealed class ActionQueueActor : ReceiveActor
{
    private readonly string _armId;
    private readonly int _actionDim;
    private readonly ChunkInbox _inbox;

    private ActionQueueActor(string armId, int actionDim, ChunkInbox inbox)
    {
        _armId = armId;
        _actionDim = actionDim;
        _inbox = inbox;
        Receive<EnqueueChunk>(HandleEnqueue);
    }

    /// <summary>Props for the queue of arm <paramref name="armId"/>.</summary>
    /// <param name="armId">The arm.</param>
    /// <param name="actionDim">Values per action (6 for an SO-101).</param>
    /// <param name="inbox">The servo tick's inbox.</param>
    public static Props Props(string armId, int actionDim, ChunkInbox inbox) =>
        Fleet.Actors.Props.Create(() => new ActionQueueActor(armId, actionDim, inbox));

    private void HandleEnqueue(EnqueueChunk message)
    {
        var chunk = message.Chunk;
        if (chunk.ActionDim != _actionDim || chunk.Actions.Length != chunk.Length * _actionDim)
            throw new ArgumentException(
                $"Arm '{_armId}': the policy sent a chunk of {chunk.ActionDim}-value actions ({chunk.Actions.Length} values); " +
                $"this arm takes {_actionDim} values per action. Check the policy's action_dim against the robot's motors.");
        _inbox.Post(chunk);
    }
}
