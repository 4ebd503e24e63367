using Fleet.Actors;
using Microsoft.AspNetCore.Http;

namespace Fleet.Node.Admin;

/// <summary>JSON answers and errors of the admin API: every error is <c>{"error": "..."}</c> telling what to do.</summary>
internal static class AdminResults
{
    public static IResult Ok(object value) => Results.Json(value, AdminJson.Options);

    public static IResult Error(int status, string message) => Results.Json(new { error = message }, AdminJson.Options, statusCode: status);

    /// <summary>Runs <paramref name="body"/>, turning the expected failures into 404/409/503 answers.</summary>
    public static async Task<IResult> GuardAsync(Func<Task<IResult>> body)
    {
        try
        {
            return await body();
        }
        catch (AskTimeoutException e)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, $"the node's actors did not answer in time ({e.Message}); the node may be shutting down");
        }
        catch (Fleet.Cluster.Transport.TransportUnavailableException e)
        {
            // A cluster command while the broker is away: the node keeps reconnecting; the operator retries, or uses
            // `fleet arm stop` for this node's arms meanwhile.
            return Error(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (KeyNotFoundException e)
        {
            return Error(StatusCodes.Status404NotFound, e.Message);
        }
        catch (InvalidOperationException e)
        {
            return Error(StatusCodes.Status409Conflict, e.Message);
        }
    }
}
