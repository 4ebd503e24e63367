using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fleet.Node.Tests.Admin;

/// <summary>The admin API over real HTTP (Kestrel on a free loopback port) against a real in-process node.</summary>
public sealed partial class AdminApiTests(AdminNode node) : IClassFixture<AdminNode>
{
    [Fact]
    public async Task Arms_RunningNode_ReportsEveryArmWithJointsAndCounters()
    {
        await AdminNode.WaitForAsync(async () => (await node.GetJsonAsync("api/arms")).EnumerateArray().All(a => a.GetProperty("chunks_received").GetInt64() > 0),
            "every arm to receive a chunk");

        var arms = (await node.GetJsonAsync("api/arms")).EnumerateArray().ToList();

        Assert.Equal(["arm-1", "arm-2"], arms.Select(a => a.GetProperty("id").GetString()));
        foreach (var arm in arms)
        {
            Assert.Equal(6, arm.GetProperty("joint_positions").GetArrayLength());
            Assert.True(arm.GetProperty("ticks").GetInt64() > 0);
            Assert.True(arm.GetProperty("chunk_latency_p50_ms").GetDouble() > 0);
            Assert.True(arm.GetProperty("camera_ages_ms").TryGetProperty("front", out _));
        }
    }

    [Fact]
    public async Task ArmStatus_UnknownArm_Returns404NamingTheKnownArms()
    {
        using var client = node.Client();
        using var response = await client.GetAsync("api/arms/arm-9");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Equal("no arm 'arm-9' on this node (arms: arm-1, arm-2)", error);
    }

    [Fact]
    public async Task StopThenResume_OneArm_HoldsItAloneThenRunsItAgain()
    {
        using var client = node.Client();
        await AdminNode.WaitForAsync(async () => await node.ArmStateAsync("arm-2") == "running", "arm-2 to run");

        using (var stop = await client.PostAsync("api/arms/arm-2/stop", null)) Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal("holding", await node.ArmStateAsync("arm-2"));
        // Servo states sent before the hold may still be on their way: read the count once a few held ticks have reported.
        var ticksAtStop = (await node.GetJsonAsync("api/arms/arm-2")).GetProperty("ticks").GetInt64();
        await AdminNode.WaitForAsync(async () => (await node.GetJsonAsync("api/arms/arm-2")).GetProperty("ticks").GetInt64() > ticksAtStop + 5, "arm-2 to tick while held");
        var executed = (await node.GetJsonAsync("api/arms/arm-2")).GetProperty("executed").GetInt64();
        // Held: the servo keeps ticking but executes nothing more, while the other arm goes on.
        await AdminNode.WaitForAsync(async () => (await node.GetJsonAsync("api/arms/arm-1")).GetProperty("executed").GetInt64() > executed + 30, "arm-1 to run on");
        Assert.Equal(executed, (await node.GetJsonAsync("api/arms/arm-2")).GetProperty("executed").GetInt64());

        using (var resume = await client.PostAsync("api/arms/arm-2/resume", null)) Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        await AdminNode.WaitForAsync(async () => (await node.GetJsonAsync("api/arms/arm-2")).GetProperty("executed").GetInt64() > executed, "arm-2 to execute again");
        Assert.Equal("running", await node.ArmStateAsync("arm-2"));
        Assert.Contains(node.Logs.Since(0), l => l.Message.Contains("arm 'arm-2' e-stopped by an operator"));
    }

    [Fact]
    public async Task Token_MissingWrongOrRight_401401And200()
    {
        using var none = node.Client(token: null);
        using var wrong = node.Client(token: "not-the-token");
        using var right = node.Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("api/arms")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsync("api/arms/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("api/arms")).StatusCode);
        // The dashboard's page carries no data and loads without the token.
        Assert.Equal(HttpStatusCode.OK, (await none.GetAsync("")).StatusCode);
    }

    [Fact]
    public async Task CameraPng_RunningArm_ServesAPngOfTheCameraSize()
    {
        using var client = node.Client();
        byte[] png = [];
        await AdminNode.WaitForAsync(async () =>
        {
            using var response = await client.GetAsync("api/arms/arm-1/cameras/front.png");
            if (response.StatusCode != HttpStatusCode.OK) return false;
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            png = await response.Content.ReadAsByteArrayAsync();
            return true;
        }, "a frame from arm-1's camera");

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(64, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16))); // IHDR width
        Assert.Equal(48, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public async Task Actors_Depth2_ShowsFleetAndPoolAndHidesDeeperActors()
    {
        var root = await node.GetJsonAsync("api/actors?depth=2");

        var user = root.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "user");
        var names = user.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("fleet", names);
        Assert.Contains("policy-pool", names);
        var fleet = user.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "fleet");
        Assert.Equal(0, fleet.GetProperty("children").GetArrayLength());
        Assert.True(fleet.GetProperty("hidden_descendants").GetInt32() >= 2 * 5, "each arm has a supervisor and at least 5 children");
        Assert.True(fleet.GetProperty("messages_processed").GetInt64() >= 0);
    }

    [Fact]
    public async Task Pool_RunningNode_ReportsTheDemoPolicyServingRequests()
    {
        await AdminNode.WaitForAsync(async () => (await node.GetJsonAsync("api/pool"))[0].GetProperty("served").GetInt64() > 0, "the pool to serve");

        var policy = (await node.GetJsonAsync("api/pool"))[0];

        Assert.Equal("demo-sine", policy.GetProperty("policy").GetString());
        Assert.Equal(2, policy.GetProperty("workers").GetInt32());
        Assert.True(policy.GetProperty("batches").GetInt64() > 0);
        // Batch sizes and the batch-time histogram account for every batch (a batch may be running: at most 2 more).
        var batches = policy.GetProperty("batches").GetInt64();
        var bySize = policy.GetProperty("batch_sizes").EnumerateArray().Sum(n => n.GetInt64());
        Assert.Equal(batches, bySize);
        Assert.InRange(policy.GetProperty("batch_latency").GetProperty("count").GetInt64(), batches - 2, batches);
        // The demo policy pretends to take 100 ms per batch: every batch lies above the 50 ms bound.
        var latency = policy.GetProperty("batch_latency");
        var bounds = latency.GetProperty("upper_bounds_s").EnumerateArray().Select(b => b.GetDouble()).ToList();
        Assert.Equal(0, latency.GetProperty("cumulative")[bounds.IndexOf(0.05)].GetInt64());
    }

    [Fact]
    public async Task ClusterAndEpisodes_StandaloneNode_SelfOnlyAndNoEpisodes()
    {
        var members = await node.GetJsonAsync("api/cluster");
        var episodes = await node.GetJsonAsync("api/episodes");

        Assert.Equal("test-node", members.EnumerateArray().Single().GetProperty("name").GetString());
        Assert.True(members[0].GetProperty("is_self").GetBoolean());
        Assert.Equal(0, episodes.GetArrayLength());
        using var client = node.Client();
        using var leave = await client.PostAsync("api/cluster/leave", null);
        Assert.Equal(HttpStatusCode.Conflict, leave.StatusCode);
        Assert.Contains("not part of a cluster", await leave.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_RunningNode_ValidPrometheusTextWithArmAndPoolFamilies()
    {
        await AdminNode.WaitForAsync(async () => (await node.GetJsonAsync("api/pool"))[0].GetProperty("served").GetInt64() > 0, "the pool to serve");
        using var client = node.Client();
        using var response = await client.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var declared = new HashSet<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var type = TypeLine().Match(line);
            if (type.Success) { declared.Add(type.Groups[1].Value); continue; }
            if (line.StartsWith("# HELP ", StringComparison.Ordinal)) continue;
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a sample line: {line}");
            var family = Regex.Replace(sample.Groups[1].Value, "_(count|sum|bucket)$", "");
            Assert.True(declared.Contains(family) || declared.Contains(sample.Groups[1].Value), $"sample before its # TYPE: {line}");
        }
        Assert.Contains("# TYPE fleet_arm_tick_jitter_seconds histogram", text);
        Assert.Contains("# TYPE fleet_arm_chunk_latency_seconds histogram", text);
        foreach (var family in new[] { "fleet_arm_tick_jitter_seconds", "fleet_arm_chunk_latency_seconds" })
        {
            // Cumulative buckets never decrease and end with +Inf equal to _count.
            var buckets = Regex.Matches(text, family + "_bucket\\{arm=\"arm-1\",le=\"([^\"]+)\"\\} ([0-9]+)").Select(m => (Le: m.Groups[1].Value, N: long.Parse(m.Groups[2].Value))).ToList();
            Assert.True(buckets.Count >= 2, $"{family}: no buckets");
            Assert.Equal("+Inf", buckets[^1].Le);
            Assert.True(buckets.Zip(buckets.Skip(1)).All(p => p.First.N <= p.Second.N), $"{family}: buckets decrease");
            var count = long.Parse(Regex.Match(text, family + "_count\\{arm=\"arm-1\"\\} ([0-9]+)").Groups[1].Value);
            Assert.Equal(count, buckets[^1].N);
            Assert.True(count > 0, $"{family}: nothing recorded");
        }
        Assert.Contains("fleet_arm_starvation_ticks_total{arm=\"arm-2\"}", text);
        Assert.Matches("fleet_arm_bus_errors_total\\{arm=\"arm-1\"\\} [0-9]+\n", text);
        Assert.Matches("fleet_pool_served_total\\{policy=\"demo-sine\"\\} [1-9]", text);
        Assert.Contains("# TYPE fleet_recording_dropped_frames_total counter", text);
        Assert.Contains("# TYPE fleet_pool_batch_seconds histogram", text);
        Assert.Matches("fleet_pool_batch_size_bucket\\{policy=\"demo-sine\",le=\"\\+Inf\"\\} [1-9]", text);
    }

    [Fact]
    public async Task StreamArms_Subscribed_DeliversArmEventsRepeatedly()
    {
        using var client = node.Client();
        using var response = await client.GetAsync("api/stream/arms?interval_ms=100", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var ticks = new List<long>();
        while (ticks.Count < 3 && await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            ticks.Add(JsonDocument.Parse(line[6..]).RootElement[0].GetProperty("ticks").GetInt64());
        }
        Assert.Equal(3, ticks.Count);
        Assert.True(ticks[2] > ticks[0], $"ticks did not advance across events: {string.Join(", ", ticks)}");
    }

    [Fact]
    public async Task StreamLogs_OperatorCommand_ArrivesAsALogEvent()
    {
        using var client = node.Client();
        using var response = await client.GetAsync("api/stream/logs?level=warn", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // Resuming a running arm changes nothing on it but is logged as an operator action.
        using (var resume = await client.PostAsync("api/arms/arm-1/resume", null)) Assert.Equal(HttpStatusCode.OK, resume.StatusCode);

        string? eventName = null;
        JsonElement data = default;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) eventName = line[7..];
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            data = JsonDocument.Parse(line[6..]).RootElement.Clone();
            if (data.GetProperty("message").GetString()!.Contains("arm 'arm-1' resumed")) break;
        }
        Assert.Equal("log", eventName);
        Assert.Equal("warning", data.GetProperty("level").GetString());
        Assert.Equal("Fleet.Admin", data.GetProperty("category").GetString());
    }

    [GeneratedRegex("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\.)*\",?)*\\})? (-?[0-9.eE+-]+|\\+Inf|-Inf|NaN)$")]
    private static partial Regex SampleLine();
}
