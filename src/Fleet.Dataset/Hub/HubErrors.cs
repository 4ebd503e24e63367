using System.Net;
using System.Text.Json;

namespace Fleet.Dataset.Hub;

/// <summary>Turns a failed Hub answer into a <see cref="HubException"/> that says what to do.</summary>
internal static class HubErrors
{
    /// <summary>Throws when <paramref name="response"/> is not a success; <paramref name="what"/> names the step.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, RepoId repo, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var detail = await DetailAsync(response, ct).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var remedy = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized =>
                $"The token in HF_TOKEN was rejected. Create a token with write access at https://huggingface.co/settings/tokens, `export HF_TOKEN=hf_...`, and push again.",
            HttpStatusCode.Forbidden =>
                $"The token may read but not write {repo}: use a token with write access to the '{repo.Namespace}' namespace.",
            HttpStatusCode.NotFound =>
                $"Check that the repository id '{repo}' is right and that the token's user can see it.",
            HttpStatusCode.TooManyRequests =>
                "The Hub is rate-limiting this token; wait a few minutes and run the same push again: it resumes where it stopped.",
            >= HttpStatusCode.InternalServerError =>
                "The Hub had a problem; run the same push again: files already uploaded are not sent twice.",
            _ => "This is a request Fleet should not have sent; please report it with this message.",
        };
        throw new HubException(
            $"{what} for dataset repo {repo} failed: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {status} {response.ReasonPhrase}" +
            $"{(detail.Length > 0 ? $" ({detail})" : "")}. {remedy}",
            response.StatusCode);
    }

    /// <summary>Wraps a transport failure (no answer at all) with the endpoint it was sent to.</summary>
    public static HubException Unreachable(HttpRequestException e, Uri uri, string what, RepoId repo) =>
        new($"{what} for dataset repo {repo} failed: {uri.GetLeftPart(UriPartial.Authority)} could not be reached ({e.Message}). " +
            "Check the network and HF_ENDPOINT, then push again: files already uploaded are not sent twice.", null, e);

    // The Hub answers errors as {"error": "..."} and also in the X-Error-Message header.
    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Headers.TryGetValues("X-Error-Message", out var header)) return string.Join(" ", header);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error))
                return error.ValueKind == JsonValueKind.String ? error.GetString()! : error.GetRawText();
        }
        catch (JsonException) { }
        return body.Length > 300 ? body[..300] + "…" : body;
    }
}
