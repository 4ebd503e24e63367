using System.Text.Json.Nodes;

namespace Fleet.Node.Tests.Admin;

/// <summary>
/// The dashboard in headless Chromium against a real in-process node whose API needs a token: the page asks for the
/// token, shows every arm with updating camera thumbnails and joint sparklines, and its stop button (after the
/// confirmation dialog) holds the arm, as the API then reports.
/// </summary>
public sealed class DashboardBrowserTests(AdminNode node) : IClassFixture<AdminNode>
{
    private static async Task<JsonNode?> WaitForAsync(WebDriverSession browser, string script, Func<JsonNode?, bool> done, string what)
    {
        JsonNode? value = null;
        await AdminNode.WaitForAsync(async () => done(value = await browser.ExecuteAsync(script)), what, TimeSpan.FromSeconds(45));
        return value;
    }

    [ChromiumFact]
    public async Task Dashboard_WithToken_ShowsArmsThumbnailsAndStopsAnArmAfterConfirmation()
    {
        await using var browser = await WebDriverSession.StartAsync();
        await browser.NavigateAsync(node.Server.Url.ToString());

        // The API needs the token: the page asks for it.
        await WaitForAsync(browser, "return document.getElementById('token-form').hidden;", v => v?.GetValue<bool>() == false, "the token form");
        await browser.TypeAsync("#token", AdminNode.Token);
        await browser.ClickAsync("#token-form button");

        var arms = await WaitForAsync(browser, "return [...document.querySelectorAll('article.arm')].map(a => a.dataset.arm);",
            v => v is JsonArray { Count: 2 }, "both arms on the page");
        Assert.Equal(["arm-1", "arm-2"], arms!.AsArray().Select(a => a!.GetValue<string>()));

        // Thumbnails: the image is a decoded 64x48 frame, and it is replaced again and again.
        await WaitForAsync(browser, """
            const img = document.querySelector('article[data-arm="arm-1"] img.thumb');
            return img && img.complete && img.naturalWidth === 64 && img.naturalHeight === 48 && Number(img.dataset.frames) >= 3;
            """, v => v?.GetValue<bool>() == true, "arm-1's thumbnail to load and refresh three times");
        var sparkInk = await browser.ExecuteAsync("""
            const c = document.querySelector('article[data-arm="arm-1"] canvas.sparkline');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let ink = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++; return ink;
            """);
        Assert.True(sparkInk!.GetValue<int>() > 50, "the joint sparkline is drawn");
        Assert.Equal("running", await node.ArmStateAsync("arm-2"));

        // Cancel leaves the arm running; confirm stops it.
        await browser.ClickAsync("article[data-arm=\"arm-2\"] button.stop");
        Assert.Equal("arm-2", (await browser.ExecuteAsync("return document.getElementById('confirm-stop').open && document.getElementById('confirm-arm').textContent;"))!.GetValue<string>());
        await browser.ClickAsync("#confirm-cancel");
        await WaitForAsync(browser, "return document.getElementById('confirm-stop').open;", v => v?.GetValue<bool>() == false, "the dialog to close");
        Assert.Equal("running", await node.ArmStateAsync("arm-2"));

        await browser.ClickAsync("article[data-arm=\"arm-2\"] button.stop");
        await browser.ClickAsync("#confirm-ok");
        await AdminNode.WaitForAsync(async () => await node.ArmStateAsync("arm-2") == "holding", "arm-2 to hold after the confirmed stop");
        await WaitForAsync(browser, "return document.querySelector('article[data-arm=\"arm-2\"]').dataset.state;",
            v => v?.GetValue<string>() == "holding", "the page to show arm-2 holding");
        Assert.Equal("running", await node.ArmStateAsync("arm-1"));
    }
}
