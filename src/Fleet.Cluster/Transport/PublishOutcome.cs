namespace Fleet.Cluster.Transport;

/// <summary>What became of a publish. Expected outcomes are values; only a lost connection is an exception.</summary>
public enum PublishOutcome
{
    /// <summary>The broker took responsibility for the message (publisher confirm).</summary>
    Accepted,
    /// <summary>The queue is full (max length with reject-publish): the pool is overloaded; back off or fail the request.</summary>
    Rejected,
    /// <summary>No queue was bound for it: nobody serves that policy / that node is gone.</summary>
    Unroutable,
}
