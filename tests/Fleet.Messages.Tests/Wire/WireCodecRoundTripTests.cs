using Fleet.Messages;
using Fleet.Messages.Wire;

namespace Fleet.Messages.Tests.Wire;

public class WireCodecRoundTripTests
{
    private readonly WireCodec _raw = new(new WireCodecOptions(ImageWireEncoding.Raw));

    [Fact]
    public void Decode_RawPredictChunk_ReturnsEveryFieldExactly()
    {
        var sent = WireSamples.Request();

        var encoded = _raw.Encode(sent);
        var got = _raw.Decode<PredictChunk>(encoded.Manifest, encoded.Body.Span);

        Assert.Equal("predict-chunk.v1", encoded.Manifest);
        Assert.Equal(sent.RequestId, got.RequestId);
        Assert.Equal(sent.Policy, got.Policy);
        Assert.Equal(sent.Deadline, got.Deadline);
        var (o, p) = (sent.Observation, got.Observation);
        Assert.Equal((o.ArmId, o.Timestep, o.Timestamp, o.Task, o.MustGo), (p.ArmId, p.Timestep, p.Timestamp, p.Task, p.MustGo));
        Assert.Equal(o.State.ToArray(), p.State.ToArray());
        Assert.Equal(o.Images.Keys.Order(), p.Images.Keys.Order());
        foreach (var (key, frame) in o.Images)
        {
            var back = p.Images[key];
            Assert.Equal((frame.Width, frame.Height, frame.CapturedAt, frame.Sequence), (back.Width, back.Height, back.CapturedAt, back.Sequence));
            Assert.Equal(frame.Pixels.ToArray(), back.Pixels.ToArray());
        }
    }

    [JpegFact]
    public void Decode_JpegPredictChunk_ReturnsFramesCloseToTheOriginal()
    {
        var codec = new WireCodec(new WireCodecOptions(ImageWireEncoding.Jpeg, JpegQuality: 90));
        var sent = WireSamples.Request(cameras: 2, width: 160, height: 120);

        var encoded = codec.Encode(sent);
        var got = codec.Decode<PredictChunk>(encoded.Manifest, encoded.Body.Span);

        var rawSize = _raw.Encode(sent).Body.Length;
        Assert.True(encoded.Body.Length * 4 < rawSize, $"JPEG message {encoded.Body.Length} B should be far below raw {rawSize} B");
        foreach (var (key, frame) in sent.Observation.Images)
        {
            var a = frame.Pixels.Span;
            var b = got.Observation.Images[key].Pixels.Span;
            Assert.Equal(a.Length, b.Length);
            double error = 0;
            for (var i = 0; i < a.Length; i++) error += Math.Abs(a[i] - b[i]);
            Assert.True(error / a.Length < 4.0, $"camera {key}: mean absolute error {error / a.Length:F2} per channel at quality 90");
        }
    }

    [Fact]
    public void Decode_Reply_ReturnsTheChunk()
    {
        var sent = WireSamples.Reply();

        var e = _raw.Encode(sent);
        var got = _raw.Decode<PredictChunkReply>(e.Manifest, e.Body.Span);

        Assert.Equal((sent.RequestId, sent.ArmId, sent.Worker, sent.Error), (got.RequestId, got.ArmId, got.Worker, got.Error));
        Assert.Equal(sent.Chunk!.Actions.ToArray(), got.Chunk!.Actions.ToArray());
        Assert.Equal((sent.Chunk.StartTimestep, sent.Chunk.ActionDim, sent.Chunk.ComputedAt), (got.Chunk.StartTimestep, got.Chunk.ActionDim, got.Chunk.ComputedAt));
    }

    [Fact]
    public void Decode_ErrorReply_KeepsTheErrorAndNoChunk()
    {
        var sent = new PredictChunkReply(3, "arm-2", null, "policy 'act' expects 6 joints, got 5", "gpu-1/act-0");

        var e = _raw.Encode(sent);
        var got = _raw.Decode<PredictChunkReply>(e.Manifest, e.Body.Span);

        Assert.Null(got.Chunk);
        Assert.Equal(sent.Error, got.Error);
    }

    [Fact]
    public void Decode_ClusterMessages_RoundTrip()
    {
        var heartbeat = new MemberHeartbeat("gpu-1", "inc-9", 12, WireSamples.Now, ["policy"], [], ["gpu-1/act-0", "gpu-1/act-1"], 0.25, MemberStatus.Leaving);
        var stop = new FleetStop("cli@lab", "person in the cell", WireSamples.Now, DisableTorque: true);
        var resume = new FleetResume("cli@lab", "clear", WireSamples.Now);
        var command = new MemberCommand("gpu-1", MemberCommandKind.Down, "cli@lab");

        foreach (var sent in new object[] { heartbeat, stop, resume, command })
        {
            var e = _raw.Encode(sent);
            var got = _raw.Decode(e.Manifest, e.Body.Span);
            if (sent is MemberHeartbeat h)
            {
                var g = Assert.IsType<MemberHeartbeat>(got);
                Assert.Equal((h.Node, h.Incarnation, h.Sequence, h.SentAt, h.Load, h.Status), (g.Node, g.Incarnation, g.Sequence, g.SentAt, g.Load, g.Status));
                Assert.Equal(h.Workers, g.Workers);
                Assert.Equal(h.Roles, g.Roles);
            }
            else
            {
                Assert.Equal(sent, got);
            }
        }
    }

    [Fact]
    public void Heartbeat_CarriesTheNodesLastFleetCommand()
    {
        var stop = new FleetStop("robot-a", "collision", WireSamples.Now, DisableTorque: true);
        var resume = new FleetResume("cli@lab", "clear", WireSamples.Now);
        var bare = new MemberHeartbeat("robot-b", "inc-1", 3, WireSamples.Now, ["robot"], ["arm-1"], [], 0, MemberStatus.Up);

        foreach (var sent in new[] { bare, bare with { LastStop = stop }, bare with { LastResume = resume } })
        {
            var e = _raw.Encode(sent);
            var got = Assert.IsType<MemberHeartbeat>(_raw.Decode(e.Manifest, e.Body.Span));
            Assert.Equal(sent.LastStop, got.LastStop);
            Assert.Equal(sent.LastResume, got.LastResume);
        }
        Assert.Throws<ArgumentException>(() => _raw.Encode(bare with { LastStop = stop, LastResume = resume }));
    }

    [Fact]
    public void Encode_TypeWithoutManifest_ThrowsNamingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => _raw.Encode(new TimedAction(1, new float[] { 1 })));

        Assert.Contains("predict-chunk.v1", error.Message);
    }
}
