namespace Fleet.Actors;

/// <summary>INTERNAL API: marks messages the cell looks at before the actor does (PoisonPill, Kill, Terminated, timer ticks).</summary>
internal interface IAutoReceivedMessage;
