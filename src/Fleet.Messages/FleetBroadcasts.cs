namespace Fleet.Messages;

/// <summary>
/// Fleet-wide STOP: every arm that sees it holds its position (or disables torque when <see cref="DisableTorque"/>)
/// within one control tick, and stays stopped until an explicit <see cref="FleetResume"/>. Published on each node's
/// actor-system EventStream when it arrives from the broker or is issued locally.
/// </summary>
/// <param name="Origin">Who issued it: a node name or <c>cli@host</c>.</param>
/// <param name="Reason">Why, for people and logs.</param>
/// <param name="IssuedAt">When it was issued, UTC.</param>
/// <param name="DisableTorque">True to drop torque instead of holding position.</param>
public sealed record FleetStop(string Origin, string Reason, DateTimeOffset IssuedAt, bool DisableTorque = false);

/// <summary>
/// Lifts a <see cref="FleetStop"/>. Only ever sent by an explicit command; nothing resumes the fleet by itself.
/// </summary>
/// <param name="Origin">Who issued it.</param>
/// <param name="Reason">Why, for people and logs.</param>
/// <param name="IssuedAt">When it was issued, UTC.</param>
public sealed record FleetResume(string Origin, string Reason, DateTimeOffset IssuedAt);
