namespace Fleet.Actors;

/// <summary>
/// INTERNAL API: a message of the kernel itself (lifecycle, supervision, death watch). System messages travel
/// in their own queue and are always handled before the next user message, even while the actor is suspended.
/// Each instance is immutable and may safely be sent to several actors.
/// </summary>
internal abstract record SystemMessage;
