namespace Fleet.Actors;

/// <summary>What a supervisor does with a child that threw.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; drop the failing message and go on with the next one.</summary>
    Resume,

    /// <summary>Replace the instance by a fresh one from the same Props; the mailbox is kept, the failing message is not re-delivered.</summary>
    Restart,

    /// <summary>Stop the child for good (its watchers get Terminated).</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception, so the supervisor's own parent decides.</summary>
    Escalate,
}
