using Fleet.Messages;

namespace Fleet.Actors.Fleets;

/// <summary>
/// An operator's e-stop of one arm, sent to the fleet supervisor: the arm holds its present goal (the servo keeps
/// ticking and reading, no more actions run) until <see cref="ResumeArm"/>. Replies <see cref="Arm.ArmHeld"/>, or
/// <see cref="ArmNotFound"/> for an id the fleet does not own.
/// </summary>
/// <param name="ArmId">The arm.</param>
public sealed record StopArm(string ArmId);

/// <summary>
/// Ends an operator's hold of one arm (sent to the fleet supervisor, which forwards it to the arm): the arm executes
/// actions again. Replies <see cref="ArmResumed"/>, or <see cref="ArmNotFound"/> for an unknown id.
/// </summary>
/// <param name="ArmId">The arm.</param>
public sealed record ResumeArm(string ArmId);

/// <summary>The reply to <see cref="ResumeArm"/>.</summary>
/// <param name="ArmId">The arm.</param>
/// <param name="Resumed">True when the arm runs again; false when it cannot (released for shutdown, or faulted).</param>
/// <param name="Reason">Why it did not resume, or null.</param>
public sealed record ArmResumed(string ArmId, bool Resumed, string? Reason);

/// <summary>
/// Asks for the newest frame of each of an arm's cameras (the dashboard's thumbnails), through the fleet supervisor.
/// Replies <see cref="ArmFrames"/>, or <see cref="ArmNotFound"/> for an unknown id.
/// </summary>
/// <param name="ArmId">The arm.</param>
public sealed record GetArmFrames(string ArmId);

/// <summary>The reply to <see cref="GetArmFrames"/>.</summary>
/// <param name="ArmId">The arm.</param>
/// <param name="Frames">Camera name to its newest frame; empty before the first frame.</param>
public sealed record ArmFrames(string ArmId, IReadOnlyDictionary<string, ImageFrame> Frames);
