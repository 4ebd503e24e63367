using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Node.Tests.Admin;

/// <summary>
/// Headless Debian Chromium driven through chromedriver over the W3C WebDriver HTTP protocol: a fresh profile in a
/// temporary folder, no network services of its own (no sync, updates or QUIC). Just the calls the dashboard tests
/// need: navigate, run a script, find and click an element, type into one.
/// </summary>
internal sealed class WebDriverSession : IAsyncDisposable
{
    private const string ElementKey = "element-6066-11e4-a52e-4f735466cecf";
    private readonly Process _driver;
    private readonly HttpClient _http;
    private readonly string _profile;
    private readonly string _session;

    private WebDriverSession(Process driver, HttpClient http, string profile, string session)
    {
        _driver = driver;
        _http = http;
        _profile = profile;
        _session = session;
    }

    public static async Task<WebDriverSession> StartAsync()
    {
        var port = FreePort();
        var driver = Process.Start(new ProcessStartInfo(ChromiumFactAttribute.ChromeDriver, $"--port={port}")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        driver.OutputDataReceived += (_, _) => { };
        driver.ErrorDataReceived += (_, _) => { };
        driver.BeginOutputReadLine();
        driver.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        var profile = Directory.CreateTempSubdirectory("fleet-chromium-").FullName;
        try
        {
            await AdminNode.WaitForAsync(async () =>
            {
                try { return (await http.GetFromJsonAsync<JsonObject>("status"))?["value"]?["ready"]?.GetValue<bool>() == true; }
                catch (HttpRequestException) { return false; }
            }, "chromedriver to be ready");
            string[] args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900", $"--user-data-dir={profile}"];
            var capabilities = new JsonObject
            {
                ["capabilities"] = new JsonObject
                {
                    ["alwaysMatch"] = new JsonObject
                    {
                        ["browserName"] = "chrome",
                        ["goog:chromeOptions"] = new JsonObject { ["binary"] = ChromiumFactAttribute.Chromium, ["args"] = new JsonArray(args.Select(a => (JsonNode)a!).ToArray()) },
                    },
                },
            };
            var created = await Send(http, HttpMethod.Post, "session", capabilities);
            return new WebDriverSession(driver, http, profile, created?["sessionId"]?.GetValue<string>() ?? throw new InvalidOperationException("chromedriver created no session"));
        }
        catch
        {
            driver.Kill();
            http.Dispose();
            throw;
        }
    }

    public Task NavigateAsync(string url) => Send(_http, HttpMethod.Post, $"session/{_session}/url", new JsonObject { ["url"] = url });

    /// <summary>Runs <paramref name="script"/> (a function body; <c>return</c> gives the value) in the page.</summary>
    public async Task<JsonNode?> ExecuteAsync(string script) =>
        await Send(_http, HttpMethod.Post, $"session/{_session}/execute/sync", new JsonObject { ["script"] = script, ["args"] = new JsonArray() });

    public async Task ClickAsync(string css) =>
        await Send(_http, HttpMethod.Post, $"session/{_session}/element/{await FindAsync(css)}/click", new JsonObject());

    public async Task TypeAsync(string css, string text) =>
        await Send(_http, HttpMethod.Post, $"session/{_session}/element/{await FindAsync(css)}/value", new JsonObject { ["text"] = text });

    private async Task<string> FindAsync(string css)
    {
        var found = await Send(_http, HttpMethod.Post, $"session/{_session}/element", new JsonObject { ["using"] = "css selector", ["value"] = css });
        return found![ElementKey]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        try { await _http.DeleteAsync($"session/{_session}"); }
        catch (HttpRequestException) { /* the driver is gone already */ }
        if (!_driver.HasExited) _driver.Kill(entireProcessTree: true);
        await _driver.WaitForExitAsync();
        _driver.Dispose();
        _http.Dispose();
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { /* chromium may still hold a lock file for a moment */ }
    }

    // Every WebDriver answer is {"value": ...}; an error's value names it.
    private static async Task<JsonNode?> Send(HttpClient http, HttpMethod method, string path, JsonObject body)
    {
        // A string body has a Content-Length; chromedriver drops chunked requests.
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"WebDriver {method} {path}: {(int)response.StatusCode} {json?["value"]?["error"]}: {json?["value"]?["message"]}");
        return json?["value"];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
