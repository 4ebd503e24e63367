namespace Fleet.Actors.Arm;

/// <summary>A monotonic clock a <see cref="TickClock"/> reads and waits on; a virtual one in tests and simulations.</summary>
public interface ITickTimeSource
{
    /// <summary>Clock ticks per second.</summary>
    long Frequency { get; }

    /// <summary>The current reading; never decreases.</summary>
    long Now { get; }

    /// <summary>Blocks the calling (dedicated tick) thread until the reading is at least <paramref name="deadline"/> or cancellation.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    void WaitUntil(long deadline, CancellationToken cancellationToken);
}
