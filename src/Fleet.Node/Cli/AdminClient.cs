using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Fleet.Node.Cli;

/// <summary>An admin API request that failed: the message says which node, what went wrong and what to do.</summary>
internal sealed class AdminApiException(string message) : Exception(message);

/// <summary>
/// A small HTTP client of one node's admin API (<c>/api/...</c>): JSON requests and server-sent event streams, with
/// the bearer token when one is given. Errors become <see cref="AdminApiException"/> with the API's own message.
/// </summary>
internal sealed class AdminClient : IDisposable
{
    private readonly HttpClient _http;

    public AdminClient(string node, string? token)
    {
        Node = node;
        if (!Uri.TryCreate($"http://{node}/", UriKind.Absolute, out var baseAddress) || baseAddress.AbsolutePath != "/")
            throw new AdminApiException($"--node '{node}' is not host:port (e.g. 127.0.0.1:9110)");
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(token)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The node as given (host:port).</summary>
    public string Node { get; }

    public Task<JsonElement> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, ct);

    public Task<JsonElement> PostAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Post, path, ct);

    /// <summary>The events of a server-sent event stream, as (event name, JSON data), until the server or <paramref name="ct"/> ends it.</summary>
    public async IAsyncEnumerable<(string Event, JsonElement Data)> StreamAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureSuccessAsync(response, path, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var name = "message";
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal)) name = line[6..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                using var doc = JsonDocument.Parse(line[5..]);
                yield return (name, doc.RootElement.Clone());
                name = "message";
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        await EnsureSuccessAsync(response, path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        try
        {
            return await _http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            throw new AdminApiException($"cannot reach the admin API of node {Node}: {e.Message}; is `fleet run` or `fleet demo` running there? (choose the node with --node host:port)");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new AdminApiException($"the admin API of node {Node} did not answer {request.RequestUri} in time");
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string path, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(ct);
        string? error = null;
        try { error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(); }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { /* not our error shape */ }
        var status = (int)response.StatusCode;
        throw new AdminApiException(response.StatusCode == HttpStatusCode.NotFound && error is null
            ? $"node {Node} has no {path} (HTTP 404); is it a fleet admin API?"
            : $"node {Node}: {error ?? body} (HTTP {status})");
    }
}
