using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fleet.Actors;
using Fleet.Actors.Fleets;
using Fleet.Actors.PolicyPool;

namespace Fleet.Node.Admin;

/// <summary>The admin API's JSON shapes (snake_case, durations in milliseconds) and the serializer options.</summary>
public static class AdminJson
{
    /// <summary>snake_case names, enums as snake_case strings, nulls kept, quotes and apostrophes unescaped.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Messages quote arm ids and commands; the dashboard inserts text with textContent, never as HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>An arm's status as JSON.</summary>
    public sealed record Arm(
        string Id, string State, IReadOnlyList<float> JointPositions, int QueueDepth, long Ticks, long Executed,
        long StarvationTicks, long ChunksReceived, long Requests, long Timeouts, double ChunkLatencyP50Ms, double ChunkLatencyLastMs,
        double JitterP50Ms, double JitterP99Ms, double JitterMaxMs, long Overruns, IReadOnlyDictionary<string, double> CameraAgesMs,
        IReadOnlyList<string> Alarms, string? LastFault, long BusErrors)
    {
        /// <summary>The fleet-wide STOP holding the arm (origin, reason, issued_at, disable_torque), or null.</summary>
        public FleetStopJson? FleetStop { get; init; }
    }

    /// <summary>A fleet-wide STOP as JSON: who sent it, why, when, and whether it drops torque.</summary>
    public sealed record FleetStopJson(string Origin, string Reason, DateTimeOffset IssuedAt, bool DisableTorque);

    /// <summary>One actor of the hierarchy as JSON.</summary>
    public sealed record Actor(
        string Path, string Name, string Type, int MailboxDepth, long MessagesProcessed, int Restarts, long DroppedMessages,
        string Dispatcher, string? LastFailure, IReadOnlyList<Actor> Children, int HiddenDescendants);

    /// <summary>One policy's pool counters as JSON.</summary>
    public sealed record PoolPolicy(
        string Policy, int Workers, int Busy, int Queued, long Served, long Failed, long Rejected, long Expired, long Batches, double MeanBatch,
        IReadOnlyList<long> BatchSizes, Histogram? QueueWait, Histogram? BatchLatency);

    /// <summary>A histogram as JSON: cumulative counts at upper bounds (seconds), with count and sum.</summary>
    public sealed record Histogram(IReadOnlyList<double> UpperBoundsS, IReadOnlyList<long> Cumulative, long Count, double SumS);

    /// <summary>Maps <see cref="Fleet.Actors.Arm.HistogramBuckets"/> (null stays null).</summary>
    public static Histogram? ToJson(Fleet.Actors.Arm.HistogramBuckets? h) =>
        h is null ? null : new(h.UpperBoundsSeconds, h.CumulativeCounts, h.Count, h.SumSeconds);

    /// <summary>Maps an <see cref="ArmStatus"/>.</summary>
    public static Arm ToJson(ArmStatus s) => new(
        s.ArmId, JsonNamingPolicy.SnakeCaseLower.ConvertName(s.State.ToString()), s.JointPositions, s.QueueDepth, s.Ticks, s.Executed,
        s.StarvationTicks, s.ChunksReceived, s.Requests, s.Timeouts, s.ChunkLatencyP50.TotalMilliseconds, s.ChunkLatencyLast.TotalMilliseconds,
        s.Tick.JitterP50.TotalMilliseconds, s.Tick.JitterP99.TotalMilliseconds, s.Tick.JitterMax.TotalMilliseconds, s.Tick.Overruns,
        s.CameraAges.ToDictionary(kv => kv.Key, kv => kv.Value.TotalMilliseconds), s.Alarms, s.LastFault, s.BusErrors)
    {
        FleetStop = s.FleetStop is { } f ? new FleetStopJson(f.Origin, f.Reason, f.IssuedAt, f.DisableTorque) : null,
    };

    /// <summary>Maps a snapshot, cutting it at <paramref name="depth"/> levels below it (null: all).</summary>
    public static Actor ToJson(ActorSnapshot s, int? depth)
    {
        var cut = depth is <= 0;
        var children = cut ? [] : s.Children.Select(c => ToJson(c, depth - 1)).ToList();
        var hidden = cut ? s.DescendantsAndSelf().Count() - 1 : 0;
        var name = s.Path.TrimEnd('/').Split('/')[^1];
        var failure = s.LastFailure is { } f ? $"{f.ExceptionType}: {f.Message} at {f.At:O}" : null;
        return new Actor(s.Path, name, s.ActorType, s.MailboxDepth, s.MessagesProcessed, s.Restarts, s.DroppedMessages, s.Dispatcher, failure, children, hidden);
    }

    /// <summary>Maps a policy's pool counters.</summary>
    public static PoolPolicy ToJson(PolicyPoolStats p) =>
        new(p.Policy, p.Workers, p.Busy, p.Queued, p.Served, p.Failed, p.Rejected, p.Expired, p.Batches, p.MeanBatch,
            p.BatchSizes, ToJson(p.QueueWait), ToJson(p.BatchLatency));
}
