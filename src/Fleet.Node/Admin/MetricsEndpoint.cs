using Fleet.Actors.Arm;
using Fleet.Actors.Fleets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Node.Admin;

/// <summary>
/// <c>GET /metrics</c>: the node's figures in the Prometheus text format, read fresh from the actors on every scrape:
/// per-arm tick jitter and chunk latency histograms, starvation, bus-fault and
/// timeout counters, queue depths, camera ages, per-policy pool throughput and queue lengths, actor mailbox drops,
/// recording dropped frames, and for a node in a cluster its broker connection (lost, reconnects, failed attempts),
/// remote pool and policy worker counters.
/// </summary>
internal static class MetricsEndpoint
{
    public static void Map(IEndpointRouteBuilder app, AdminContext ctx)
    {
        app.MapGet("/metrics", (CancellationToken ct) => AdminResults.GuardAsync(async () =>
        {
            var status = await ArmEndpoints.FleetStatusAsync(ctx, ct);
            var pool = await NodeEndpoints.PoolAsync(ctx, ct);
            var episodes = await ctx.Episodes.EpisodesAsync(ct);
            var text = new PrometheusText();
            WriteArms(text, status);
            WritePool(text, pool);
            text.Family("fleet_recording_dropped_frames_total", "counter", "Frames the recorder dropped, per arm, over this session's episodes.");
            foreach (var g in episodes.GroupBy(e => e.ArmId)) text.Sample("fleet_recording_dropped_frames_total", g.Sum(e => e.DroppedFrames), ("arm", g.Key));
            text.Family("fleet_actor_dropped_messages_total", "counter", "Messages dropped by bounded mailboxes, over all actors.");
            text.Sample("fleet_actor_dropped_messages_total", ctx.System.Snapshot().DescendantsAndSelf().Sum(a => a.DroppedMessages));
            if (ctx.Cluster is ClusterMembershipView cluster) cluster.WriteMetrics(text);
            return Results.Text(text.ToString(), PrometheusText.ContentType);
        }));
    }

    private static void WriteArms(PrometheusText text, FleetStatus status)
    {
        var arms = status.Arms;
        Histogram(text, arms, "fleet_arm_tick_jitter_seconds", "Lateness of servo tick starts against their deadlines.", a => a.Tick.JitterHistogram);
        Histogram(text, arms, "fleet_arm_chunk_latency_seconds", "Time from an inference request to its chunk.", a => a.ChunkLatencyHistogram);
        Counter(text, arms, "fleet_arm_ticks_total", "Servo ticks run.", a => a.Ticks);
        Counter(text, arms, "fleet_arm_starvation_ticks_total", "Ticks that found the action queue empty.", a => a.StarvationTicks);
        Counter(text, arms, "fleet_arm_tick_overruns_total", "Tick deadlines skipped because a tick ran long.", a => a.Tick.Overruns);
        Counter(text, arms, "fleet_arm_bus_errors_total", "Servo ticks whose bus transfers failed.", a => a.BusErrors);
        Counter(text, arms, "fleet_arm_chunks_total", "Chunks merged into the action queue.", a => a.ChunksReceived);
        Counter(text, arms, "fleet_arm_inference_timeouts_total", "Inference requests that passed their deadline.", a => a.Timeouts);
        text.Family("fleet_arm_queue_depth", "gauge", "Actions queued after the last tick.");
        foreach (var a in arms) text.Sample("fleet_arm_queue_depth", a.QueueDepth, ("arm", a.ArmId));
        text.Family("fleet_arm_state", "gauge", "1 for the arm's present state.");
        foreach (var a in arms) text.Sample("fleet_arm_state", 1, ("arm", a.ArmId), ("state", a.State.ToString().ToLowerInvariant()));
        text.Family("fleet_arm_camera_age_seconds", "gauge", "Age of each camera's newest frame.");
        foreach (var a in arms)
            foreach (var (camera, age) in a.CameraAges) text.Sample("fleet_arm_camera_age_seconds", age.TotalSeconds, ("arm", a.ArmId), ("camera", camera));
    }

    private static void WritePool(PrometheusText text, IReadOnlyList<AdminJson.PoolPolicy> pool)
    {
        text.Family("fleet_pool_served_total", "counter", "Inference requests answered with a chunk, per policy.");
        foreach (var p in pool) text.Sample("fleet_pool_served_total", p.Served, ("policy", p.Policy));
        text.Family("fleet_pool_failed_total", "counter", "Inference requests the policy failed, per policy.");
        foreach (var p in pool) text.Sample("fleet_pool_failed_total", p.Failed, ("policy", p.Policy));
        text.Family("fleet_pool_rejected_total", "counter", "Inference requests refused because the queue was full.");
        foreach (var p in pool) text.Sample("fleet_pool_rejected_total", p.Rejected, ("policy", p.Policy));
        text.Family("fleet_pool_batches_total", "counter", "Batches run, per policy.");
        foreach (var p in pool) text.Sample("fleet_pool_batches_total", p.Batches, ("policy", p.Policy));
        text.Family("fleet_pool_queue_depth", "gauge", "Inference requests waiting, per policy.");
        foreach (var p in pool) text.Sample("fleet_pool_queue_depth", p.Queued, ("policy", p.Policy));
        text.Family("fleet_pool_workers_busy", "gauge", "Workers running a batch now, per policy.");
        foreach (var p in pool) text.Sample("fleet_pool_workers_busy", p.Busy, ("policy", p.Policy));
        PoolHistogram(text, pool, "fleet_pool_queue_wait_seconds", "Time requests waited in the pool's queue.", p => p.QueueWait);
        PoolHistogram(text, pool, "fleet_pool_batch_seconds", "Time a worker took per batch.", p => p.BatchLatency);
        text.Family("fleet_pool_batch_size", "histogram", "Requests per batch.");
        foreach (var p in pool)
        {
            long cumulative = 0;
            for (int n = 1; n < p.BatchSizes.Count; n++)
            {
                cumulative += p.BatchSizes[n];
                text.Sample("fleet_pool_batch_size_bucket", cumulative, ("policy", p.Policy), ("le", n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            text.Sample("fleet_pool_batch_size_bucket", p.Batches, ("policy", p.Policy), ("le", "+Inf"));
            text.Sample("fleet_pool_batch_size_sum", p.Served + p.Failed, ("policy", p.Policy));
            text.Sample("fleet_pool_batch_size_count", p.Batches, ("policy", p.Policy));
        }
    }

    private static void Histogram(PrometheusText text, IReadOnlyList<ArmStatus> arms, string name, string help, Func<ArmStatus, HistogramBuckets?> histogram)
    {
        text.Family(name, "histogram", help);
        foreach (var a in arms)
        {
            if (histogram(a) is not { } h) continue;
            for (int i = 0; i < h.UpperBoundsSeconds.Count; i++)
                text.Sample(name + "_bucket", h.CumulativeCounts[i], ("arm", a.ArmId), ("le", PrometheusText.Format(h.UpperBoundsSeconds[i])));
            text.Sample(name + "_bucket", h.Count, ("arm", a.ArmId), ("le", "+Inf"));
            text.Sample(name + "_sum", h.SumSeconds, ("arm", a.ArmId));
            text.Sample(name + "_count", h.Count, ("arm", a.ArmId));
        }
    }

    private static void PoolHistogram(PrometheusText text, IReadOnlyList<AdminJson.PoolPolicy> pool, string name, string help, Func<AdminJson.PoolPolicy, AdminJson.Histogram?> histogram)
    {
        text.Family(name, "histogram", help);
        foreach (var p in pool)
        {
            if (histogram(p) is not { } h) continue;
            for (int i = 0; i < h.UpperBoundsS.Count; i++)
                text.Sample(name + "_bucket", h.Cumulative[i], ("policy", p.Policy), ("le", PrometheusText.Format(h.UpperBoundsS[i])));
            text.Sample(name + "_bucket", h.Count, ("policy", p.Policy), ("le", "+Inf"));
            text.Sample(name + "_sum", h.SumS, ("policy", p.Policy));
            text.Sample(name + "_count", h.Count, ("policy", p.Policy));
        }
    }

    private static void Counter(PrometheusText text, IReadOnlyList<ArmStatus> arms, string name, string help, Func<ArmStatus, double> value)
    {
        text.Family(name, "counter", help);
        foreach (var a in arms) text.Sample(name, value(a), ("arm", a.ArmId));
    }
}
