namespace Fleet.Actors.Arm;

/// <summary>The answer of <see cref="InferenceTrigger.Poll"/> for one tick.</summary>
/// <param name="Send">True when an observation should be sent now (subject to the observation filter).</param>
/// <param name="MustGo">True when the queue is empty: the observation bypasses every filter.</param>
/// <param name="Expired">Requests whose deadline passed during this poll; their slots are free again.</param>
public readonly record struct TriggerDecision(bool Send, bool MustGo, int Expired);
