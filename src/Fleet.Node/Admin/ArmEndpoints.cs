using Fleet.Actors;
using Fleet.Actors.Arm;
using Fleet.Actors.Fleets;
using Fleet.Hardware.Cameras;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Node.Admin;

/// <summary>
/// <c>/api/arms</c>: every arm's status, one arm's status, e-stop and resume (one arm or all), and the newest camera
/// frame of an arm as PNG (the dashboard's thumbnails).
/// </summary>
internal static class ArmEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AdminContext ctx)
    {
        app.MapGet("/api/arms", (CancellationToken ct) => AdminResults.GuardAsync(async () =>
            AdminResults.Ok((await FleetStatusAsync(ctx, ct)).Arms.Select(AdminJson.ToJson))));
        app.MapGet("/api/arms/{id}", (string id, CancellationToken ct) => AdminResults.GuardAsync(async () =>
            AdminResults.Ok(AdminJson.ToJson(await ArmStatusAsync(ctx, id, ct)))));
        app.MapPost("/api/arms/{id}/stop", (string id, CancellationToken ct) => AdminResults.GuardAsync(async () =>
            AdminResults.Ok(new { stopped = new[] { await StopAsync(ctx, id, ct) } })));
        app.MapPost("/api/arms/stop", (CancellationToken ct) => AdminResults.GuardAsync(async () =>
        {
            var ids = (await FleetStatusAsync(ctx, ct)).Arms.Select(a => a.ArmId).ToList();
            var stopped = await Task.WhenAll(ids.Select(id => StopAsync(ctx, id, ct)));
            return AdminResults.Ok(new { stopped });
        }));
        app.MapPost("/api/arms/{id}/resume", (string id, CancellationToken ct) => AdminResults.GuardAsync(async () =>
        {
            var reply = await ctx.Fleet.Ask<object>(new ResumeArm(id), ctx.AskTimeout, ct);
            var resumed = reply as ArmResumed ?? throw NotFound(reply, id);
            if (!resumed.Resumed) throw new InvalidOperationException(resumed.Reason);
            ctx.Logs.Add(Microsoft.Extensions.Logging.LogLevel.Warning, "Fleet.Admin", $"arm '{id}' resumed by an operator");
            return AdminResults.Ok(new { resumed = id });
        }));
        app.MapGet("/api/arms/{id}/cameras/{camera}.png", (string id, string camera, CancellationToken ct) => AdminResults.GuardAsync(async () =>
        {
            var reply = await ctx.Fleet.Ask<object>(new GetArmFrames(id), ctx.AskTimeout, ct);
            var frames = reply as ArmFrames ?? throw NotFound(reply, id);
            if (!frames.Frames.TryGetValue(camera, out var frame))
                throw new KeyNotFoundException($"arm '{id}' has no frame from camera '{camera}' (cameras with frames: {string.Join(", ", frames.Frames.Keys.DefaultIfEmpty("none"))})");
            return Results.Bytes(PngEncoder.Encode(frame), "image/png");
        }));
    }

    public static Task<FleetStatus> FleetStatusAsync(AdminContext ctx, CancellationToken ct) =>
        ctx.Fleet.Ask<FleetStatus>(new GetFleetStatus(), ctx.AskTimeout + FleetSupervisor.ArmTimeout, ct);

    private static async Task<ArmStatus> ArmStatusAsync(AdminContext ctx, string id, CancellationToken ct)
    {
        var reply = await ctx.Fleet.Ask<object>(new GetArmStatus(id), ctx.AskTimeout + FleetSupervisor.ArmTimeout, ct);
        return reply as ArmStatus ?? throw NotFound(reply, id);
    }

    private static async Task<string> StopAsync(AdminContext ctx, string id, CancellationToken ct)
    {
        var reply = await ctx.Fleet.Ask<object>(new StopArm(id), ctx.AskTimeout, ct);
        var held = reply as ArmHeld ?? throw NotFound(reply, id);
        ctx.Logs.Add(Microsoft.Extensions.Logging.LogLevel.Warning, "Fleet.Admin", $"arm '{held.ArmId}' e-stopped by an operator (holding; `fleet arm resume {held.ArmId}` to continue)");
        return held.ArmId;
    }

    private static Exception NotFound(object reply, string id) => reply is ArmNotFound nf
        ? new KeyNotFoundException($"no arm '{id}' on this node (arms: {string.Join(", ", nf.Known)})")
        : new InvalidOperationException($"unexpected answer {reply.GetType().Name} for arm '{id}'");
}
