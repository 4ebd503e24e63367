using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Messages.Wire.Proto;
using Google.Protobuf;

namespace Fleet.Messages.Tests.Wire;

public class WireCodecValidationTests
{
    private readonly WireCodec _codec = new(new WireCodecOptions(ImageWireEncoding.Raw));

    private WirePredictChunk ValidWire()
    {
        var body = _codec.Encode(WireSamples.Request(cameras: 1, width: 8, height: 4)).Body;
        return WirePredictChunk.Parser.ParseFrom(body.Span);
    }

    private WireFormatException Refused(IMessage message, string manifest = WireManifests.PredictChunk) =>
        Assert.Throws<WireFormatException>(() => _codec.Decode(manifest, message.ToByteArray()));

    [Fact]
    public void Decode_UnknownManifest_ThrowsNamingIt()
    {
        var error = Assert.Throws<WireFormatException>(() => _codec.Decode("System.Diagnostics.Process, System", new byte[] { 1, 2 }));

        Assert.Contains("System.Diagnostics.Process", error.Message);
        Assert.Contains("unknown manifest", error.Message);
    }

    [Fact]
    public void Decode_GarbageBody_ThrowsWireFormatException()
    {
        var error = Assert.Throws<WireFormatException>(() => _codec.Decode(WireManifests.PredictChunk, new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0x7F, 1 }));

        Assert.Contains("not valid protobuf", error.Message);
    }

    [Fact]
    public void Decode_NonFiniteState_NamesTheIndex()
    {
        var w = ValidWire();
        w.Observation.State[3] = float.NaN;

        Assert.Contains("observation.state[3]", Refused(w).Message);
    }

    [Fact]
    public void Decode_TooManyStateValues_IsRefused()
    {
        var w = ValidWire();
        w.Observation.State.AddRange(new float[100]);

        Assert.Contains("limit is 64", Refused(w).Message);
    }

    [Fact]
    public void Decode_RawImageOfWrongSize_IsRefused()
    {
        var w = ValidWire();
        w.Observation.Images[0].Width = 9;

        Assert.Contains("needs 108 bytes", Refused(w).Message);
    }

    [Fact]
    public void Decode_HugeDeclaredImage_IsRefusedBeforeAllocation()
    {
        var w = ValidWire();
        w.Observation.Images[0].Width = 100_000;
        w.Observation.Images[0].Height = 100_000;

        Assert.Contains("1..2048", Refused(w).Message);
    }

    [JpegFact]
    public void Decode_JpegWhoseHeaderDisagreesWithTheDeclaredSize_IsRefused()
    {
        var jpegCodec = new WireCodec(new WireCodecOptions(ImageWireEncoding.Jpeg));
        var w = WirePredictChunk.Parser.ParseFrom(jpegCodec.Encode(WireSamples.Request(cameras: 1, width: 32, height: 16)).Body.Span);
        w.Observation.Images[0].Width = 16;

        var error = Assert.Throws<WireFormatException>(() => jpegCodec.Decode(WireManifests.PredictChunk, w.ToByteArray()));
        Assert.Contains("32x16", error.Message);
    }

    [JpegFact]
    public void Decode_JpegEncodingWithNonJpegBytes_IsRefused()
    {
        var w = ValidWire();
        w.Observation.Images[0].Encoding = ImageEncoding.Jpeg;

        Assert.Contains("not a readable JPEG", Refused(w).Message);
    }

    [Fact]
    public void Decode_MissingObservationOrArm_IsRefused()
    {
        var w = ValidWire();
        w.Observation.ArmId = "";
        Assert.Contains("observation.arm_id", Refused(w).Message);

        w.Observation = null;
        Assert.Contains("observation", Refused(w).Message);
    }

    [Fact]
    public void Decode_ReplyWithActionsNotAMultipleOfDim_IsRefused()
    {
        var w = WirePredictChunkReply.Parser.ParseFrom(_codec.Encode(WireSamples.Reply(length: 2, dim: 6)).Body.Span);
        w.Chunk.Actions.Add(1f);

        Assert.Contains("multiple of action_dim", Refused(w, WireManifests.PredictChunkReply).Message);
    }

    [Fact]
    public void Decode_ReplyWithBothChunkAndError_IsRefused()
    {
        var w = WirePredictChunkReply.Parser.ParseFrom(_codec.Encode(WireSamples.Reply()).Body.Span);
        w.Error = "also failed";

        Assert.Contains("exactly one", Refused(w, WireManifests.PredictChunkReply).Message);
    }

    [Fact]
    public void Decode_HeartbeatClaimingDown_IsRefused()
    {
        var w = new WireHeartbeat { Node = "n", Incarnation = "i", Status = "down", Load = 0.5 };

        Assert.Contains("status", Refused(w, WireManifests.MemberHeartbeat).Message);
    }

    [Fact]
    public void Decode_BodyOverTheSizeLimit_IsRefusedUnread()
    {
        var small = new WireCodec(new WireCodecOptions(ImageWireEncoding.Raw, Limits: new WireLimits(MaxMessageBytes: 100)));

        var error = Assert.Throws<WireFormatException>(() => small.Decode(WireManifests.PredictChunk, new byte[101]));
        Assert.Contains("limit is 100", error.Message);
    }

    [Fact]
    public void Decode_RandomCorruptions_OnlyEverRefuseWithWireFormatException()
    {
        // Bounded fuzz: flip, truncate and splice bytes of a valid message. Any outcome but a record or a
        // WireFormatException (IndexOutOfRange, OutOfMemory, a hang) is a defect.
        var valid = _codec.Encode(WireSamples.Request(cameras: 2, width: 8, height: 4)).Body.ToArray();
        var random = new Random(8);
        var refused = 0;
        for (var round = 0; round < 3000; round++)
        {
            var bytes = (byte[])valid.Clone();
            switch (round % 3)
            {
                case 0:
                    for (var k = 0; k < 1 + random.Next(4); k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                default:
                    var at = random.Next(bytes.Length);
                    bytes = [.. bytes[..at], .. Enumerable.Range(0, 8).Select(_ => (byte)random.Next(256)), .. bytes[at..]];
                    break;
            }
            if (!_codec.TryDecode(WireManifests.PredictChunk, bytes, out var message, out var error))
            {
                refused++;
                Assert.False(string.IsNullOrEmpty(error));
            }
            else
            {
                Assert.IsType<PredictChunk>(message);
            }
        }
        Assert.True(refused > 100, $"only {refused} of 3000 corruptions were refused: validation looks too lax");
    }
}
