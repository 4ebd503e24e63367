using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Node.Admin;

/// <summary>
/// Serves the dashboard (<c>Admin/wwwroot</c>, embedded in the executable as <c>wwwroot/…</c> resources) at
/// <c>/</c>: nothing is loaded from anywhere else, so it works on an isolated robot network.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Serve("index.html"));
        app.MapGet("/ui/{file}", (string file) => Serve(file));
    }

    private static IResult Serve(string file)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var stream = assembly.GetManifestResourceStream("wwwroot/" + file);
        if (stream is null) return Results.NotFound();
        var type = ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream");
        return Results.Stream(stream, type);
    }
}
