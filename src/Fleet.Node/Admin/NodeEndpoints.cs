using Fleet.Actors;
using Fleet.Actors.PolicyPool;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Fleet.Node.Admin;

/// <summary>
/// The node-wide endpoints: <c>/api/node</c>, <c>/api/cluster</c> (+ leave, down, stop, resume), <c>/api/actors</c>,
/// <c>/api/pool</c>, <c>/api/episodes</c> (+ start, stop) and <c>/api/logs</c>.
/// </summary>
internal static class NodeEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AdminContext ctx)
    {
        app.MapGet("/api/node", () => AdminResults.Ok(new { name = ctx.NodeName, version = typeof(NodeEndpoints).Assembly.GetName().Version?.ToString() }));
        app.MapGet("/api/cluster", (CancellationToken ct) => AdminResults.GuardAsync(async () => AdminResults.Ok(await ctx.Cluster.MembersAsync(ct))));
        app.MapPost("/api/cluster/leave", (CancellationToken ct) => AdminResults.GuardAsync(async () => AdminResults.Ok(new { result = await ctx.Cluster.LeaveAsync(ct) })));
        app.MapPost("/api/cluster/down/{member}", (string member, CancellationToken ct) => AdminResults.GuardAsync(async () =>
            AdminResults.Ok(new { result = await ctx.Cluster.DownAsync(member, ct) })));
        app.MapPost("/api/cluster/stop", (string? reason, bool? torque_off, CancellationToken ct) => AdminResults.GuardAsync(async () =>
            AdminResults.Ok(new { result = await ctx.Cluster.StopFleetAsync(string.IsNullOrWhiteSpace(reason) ? $"STOP from the admin API of {ctx.NodeName}" : reason, torque_off ?? false, ct) })));
        app.MapPost("/api/cluster/resume", (string? reason, CancellationToken ct) => string.IsNullOrWhiteSpace(reason)
            ? Task.FromResult(AdminResults.Error(400, "a RESUME needs ?reason=... saying why it is safe to move again"))
            : AdminResults.GuardAsync(async () => AdminResults.Ok(new { result = await ctx.Cluster.ResumeFleetAsync(reason, ct) })));
        app.MapGet("/api/actors", (int? depth) =>
            depth is < 0 ? AdminResults.Error(400, $"depth {depth} must be 0 or more") : AdminResults.Ok(AdminJson.ToJson(ctx.System.Snapshot(), depth)));
        app.MapGet("/api/pool", (CancellationToken ct) => AdminResults.GuardAsync(async () => AdminResults.Ok(await PoolAsync(ctx, ct))));
        app.MapGet("/api/episodes", (CancellationToken ct) => AdminResults.GuardAsync(async () => AdminResults.Ok(await ctx.Episodes.EpisodesAsync(ct))));
        app.MapPost("/api/episodes/{arm}/start", (string arm, string? task, CancellationToken ct) => AdminResults.GuardAsync(async () =>
            AdminResults.Ok(await ctx.Episodes.StartAsync(arm, task, ct))));
        app.MapPost("/api/episodes/{arm}/stop", (string arm, CancellationToken ct) => AdminResults.GuardAsync(async () =>
            AdminResults.Ok(await ctx.Episodes.StopAsync(arm, ct))));
        app.MapGet("/api/logs", (long? after, string? level, int? limit) =>
        {
            if (!TryParseLevel(level, out var min)) return AdminResults.Error(400, $"unknown level '{level}'; use trace, debug, information, warning, error or critical");
            return AdminResults.Ok(ctx.Logs.Since(after ?? 0, min, Math.Clamp(limit ?? 100, 1, 10_000)));
        });
    }

    public static async Task<IReadOnlyList<AdminJson.PoolPolicy>> PoolAsync(AdminContext ctx, CancellationToken ct)
    {
        if (ctx.Pool is null) return [];
        var stats = await ctx.Pool.Ask<PoolStats>(new GetPoolStats(), ctx.AskTimeout, ct);
        return stats.Policies.Select(AdminJson.ToJson).ToList();
    }

    /// <summary>Parses a level name (or its short form: info, warn, crit); null or empty means all.</summary>
    public static bool TryParseLevel(string? text, out LogLevel level)
    {
        level = LogLevel.Trace;
        if (string.IsNullOrEmpty(text)) return true;
        switch (text.ToLowerInvariant())
        {
            case "info": level = LogLevel.Information; return true;
            case "warn": level = LogLevel.Warning; return true;
            case "crit": level = LogLevel.Critical; return true;
        }
        return Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level) && level != LogLevel.None;
    }
}
