using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Node.Admin;

/// <summary>
/// Server-sent events: <c>/api/stream/arms</c> (every arm's status, one <c>arms</c> event per interval, default 500 ms)
/// and <c>/api/stream/logs</c> (one <c>log</c> event per new line at or above <c>level</c>). Each event's data is one
/// JSON document on one line. A stream ends when the client goes away or the node stops.
/// </summary>
internal static class StreamEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AdminContext ctx)
    {
        app.MapGet("/api/stream/arms", async (HttpContext http, int? interval_ms) =>
        {
            var interval = TimeSpan.FromMilliseconds(Math.Clamp(interval_ms ?? 500, 50, 60_000));
            var ct = http.RequestAborted;
            await StartAsync(http);
            using var timer = new PeriodicTimer(interval);
            do
            {
                var status = await ArmEndpoints.FleetStatusAsync(ctx, ct);
                await WriteEventAsync(http, "arms", status.Arms.Select(AdminJson.ToJson), ct);
            }
            while (await timer.WaitForNextTickAsync(ct));
        });
        app.MapGet("/api/stream/logs", async (HttpContext http, string? level, long? after) =>
        {
            if (!NodeEndpoints.TryParseLevel(level, out var min))
            {
                await AdminResults.Error(400, $"unknown level '{level}'").ExecuteAsync(http);
                return;
            }
            var ct = http.RequestAborted;
            await StartAsync(http);
            var last = after ?? ctx.Logs.Last;
            while (!ct.IsCancellationRequested)
            {
                await ctx.Logs.WaitAsync(last, ct);
                var lines = ctx.Logs.Since(last);
                if (lines.Count > 0) last = lines[^1].Sequence;
                foreach (var line in lines.Where(l => l.Level >= min)) await WriteEventAsync(http, "log", line, ct);
            }
        });
    }

    private static async Task StartAsync(HttpContext http)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static async Task WriteEventAsync(HttpContext http, string name, object data, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(data, AdminJson.Options);
        await http.Response.WriteAsync($"event: {name}\ndata: {json}\n\n", ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
