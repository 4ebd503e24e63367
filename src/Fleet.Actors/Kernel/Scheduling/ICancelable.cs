namespace Fleet.Actors;

/// <summary>A scheduled piece of work that can be cancelled.</summary>
public interface ICancelable
{
    /// <summary>Cancels the work; it will not run again. Safe to call more than once and from any thread.
    /// A run already in progress on another thread completes.</summary>
    void Cancel();

    /// <summary>True once <see cref="Cancel"/> was called.</summary>
    bool IsCancellationRequested { get; }
}
