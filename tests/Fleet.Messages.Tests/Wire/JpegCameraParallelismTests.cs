using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Messages.Wire.Proto;
using Google.Protobuf;

namespace Fleet.Messages.Tests.Wire;

/// <summary>
/// The JPEG speed measures keep the codec's contract: cameras encoded and decoded in parallel keep their keys and
/// their errors, and pooled TurboJPEG handles are never shared by two threads at once.
/// </summary>
public class JpegCameraParallelismTests
{
    private readonly WireCodec _codec = new(new WireCodecOptions(ImageWireEncoding.Jpeg, JpegQuality: 90));

    private static double MeanAbsoluteError(ImageFrame a, ImageFrame b)
    {
        Assert.Equal(a.Pixels.Length, b.Pixels.Length);
        var x = a.Pixels.Span;
        var y = b.Pixels.Span;
        double sum = 0;
        for (var i = 0; i < x.Length; i++) sum += Math.Abs(x[i] - y[i]);
        return sum / x.Length;
    }

    [JpegFact]
    public void Decode_ThreeCamerasInParallel_EachKeyGetsItsOwnFrame()
    {
        var sent = WireSamples.Request(cameras: 3, width: 160, height: 120);

        var encoded = _codec.Encode(sent);
        var got = _codec.Decode<PredictChunk>(encoded.Manifest, encoded.Body.Span);

        Assert.Equal(sent.Observation.Images.Keys.Order(), got.Observation.Images.Keys.Order());
        foreach (var (key, frame) in sent.Observation.Images)
        {
            Assert.True(MeanAbsoluteError(frame, got.Observation.Images[key]) < 4.0, $"camera {key} came back as another camera's frame or damaged");
            Assert.Equal(frame.Sequence, got.Observation.Images[key].Sequence);
        }
    }

    [JpegFact]
    public void Decode_SequentialCodec_ReadsWhatTheParallelOneWrote()
    {
        var sequential = new WireCodec(new WireCodecOptions(ImageWireEncoding.Jpeg, JpegQuality: 90) { ParallelCameras = false });
        var sent = WireSamples.Request(cameras: 2, width: 160, height: 120);

        var fromParallel = sequential.Decode<PredictChunk>(WireManifests.PredictChunk, _codec.Encode(sent).Body.Span);
        var fromSequential = _codec.Decode<PredictChunk>(WireManifests.PredictChunk, sequential.Encode(sent).Body.Span);

        foreach (var (key, frame) in sent.Observation.Images)
        {
            Assert.True(MeanAbsoluteError(frame, fromParallel.Observation.Images[key]) < 4.0, key);
            Assert.True(MeanAbsoluteError(frame, fromSequential.Observation.Images[key]) < 4.0, key);
        }
    }

    [JpegFact]
    public void Decode_OneCorruptCameraAmongTwo_IsRefusedNamingThatCamera()
    {
        var w = WirePredictChunk.Parser.ParseFrom(_codec.Encode(WireSamples.Request(cameras: 2)).Body.Span);
        var wrist = w.Observation.Images.Single(i => i.Key == "wrist1");
        wrist.Data = ByteString.CopyFrom(new byte[] { 0xFF, 0xD8, 1, 2, 3 });

        var error = Assert.Throws<WireFormatException>(() => _codec.Decode(WireManifests.PredictChunk, w.ToByteArray()));

        Assert.Contains("observation.images[wrist1]", error.Message);
        Assert.Contains("JPEG", error.Message);
    }

    [JpegFact]
    public async Task EncodeDecode_FromEightThreadsAtOnce_EveryFrameComesBackIntact()
    {
        var requests = Enumerable.Range(0, 8).Select(t => WireSamples.Request(cameras: 2, width: 128, height: 96, requestId: t)).ToList();

        var results = await Task.WhenAll(requests.Select(r => Task.Run(() =>
        {
            var worst = 0.0;
            for (var i = 0; i < 15; i++)
            {
                var encoded = _codec.Encode(r);
                var got = _codec.Decode<PredictChunk>(encoded.Manifest, encoded.Body.Span);
                Assert.Equal(r.RequestId, got.RequestId);
                foreach (var (key, frame) in r.Observation.Images) worst = Math.Max(worst, MeanAbsoluteError(frame, got.Observation.Images[key]));
            }
            return worst;
        })));

        Assert.All(results, worst => Assert.True(worst < 4.0, $"a frame came back damaged (mean absolute error {worst:F2})"));
    }
}
