namespace Fleet.Messages.Wire;

/// <summary>
/// The readable, versioned names that tell a receiver which message a body holds. They travel in the AMQP
/// <c>type</c> property. A manifest never names a CLR type: decoding is a fixed table, never reflection.
/// </summary>
public static class WireManifests
{
    /// <summary>Version of the wire format these manifests belong to (protobuf package <c>fleet.wire.v1</c>).</summary>
    public const int Version = 1;

    /// <summary><see cref="PredictChunk"/>.</summary>
    public const string PredictChunk = "predict-chunk.v1";

    /// <summary><see cref="PredictChunkReply"/>.</summary>
    public const string PredictChunkReply = "predict-chunk-reply.v1";

    /// <summary><see cref="MemberHeartbeat"/>.</summary>
    public const string MemberHeartbeat = "member-heartbeat.v1";

    /// <summary><see cref="MemberCommand"/>.</summary>
    public const string MemberCommand = "member-command.v1";

    /// <summary><see cref="FleetStop"/>.</summary>
    public const string FleetStop = "fleet-stop.v1";

    /// <summary><see cref="FleetResume"/>.</summary>
    public const string FleetResume = "fleet-resume.v1";

    /// <summary>Every manifest this build decodes.</summary>
    public static IReadOnlyList<string> All { get; } = [PredictChunk, PredictChunkReply, MemberHeartbeat, MemberCommand, FleetStop, FleetResume];
}
