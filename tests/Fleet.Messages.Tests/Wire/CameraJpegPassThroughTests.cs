using Fleet.Messages.Wire;
using Fleet.Messages.Wire.Jpeg;
using Fleet.Messages.Wire.Proto;

namespace Fleet.Messages.Tests.Wire;

/// <summary>
/// A frame that carries its camera's JPEG (V4L2 MJPEG) goes on the wire untouched when the quality setting allows it,
/// and is decoded once on the worker; everything else is encoded from the pixels as before. Real libturbojpeg.
/// </summary>
public sealed class CameraJpegPassThroughTests
{
    private static readonly JpegCodec Turbo = new(JpegSettings.Fast);

    // A frame as a V4L2 MJPEG camera yields it through CameraJpegDecoder: the camera's bytes plus their decoding.
    private static ImageFrame CameraFrame(int width, int height, int quality, int seed = 0)
    {
        var jpeg = Turbo.Encode(WireSamples.Frame(width, height, seed), quality);
        return new CameraJpegDecoder().Decode(jpeg, width, height, WireSamples.Now, 9 + seed, "front");
    }

    private static PredictChunk RequestWith(params ImageFrame[] frames)
    {
        var images = frames.Select((f, i) => (Key: i == 0 ? "front" : $"wrist{i}", Frame: f)).ToDictionary(p => p.Key, p => p.Frame);
        var observation = new Observation("arm-1", 5, WireSamples.Now, new float[6], images, "");
        return new PredictChunk(1, "act", observation, WireSamples.Now.AddSeconds(1));
    }

    private static byte[] WireBytes(EncodedMessage encoded, string key) =>
        WirePredictChunk.Parser.ParseFrom(encoded.Body.Span).Observation.Images.Single(i => i.Key == key).Data.ToByteArray();

    [JpegFact]
    public void Encode_CameraJpegOfEnoughQuality_GoesOnTheWireUntouchedAndDecodesToTheCamerasPixels()
    {
        var front = CameraFrame(160, 120, 95);
        var wrist = CameraFrame(160, 120, 92, seed: 40);
        var codec = new WireCodec(new WireCodecOptions(JpegQuality: 90));

        var encoded = codec.Encode(RequestWith(front, wrist));
        var decoded = codec.Decode<PredictChunk>(encoded.Manifest, encoded.Body.Span);

        Assert.Equal(front.CameraJpeg!.Value.ToArray(), WireBytes(encoded, "front"));
        Assert.Equal(wrist.CameraJpeg!.Value.ToArray(), WireBytes(encoded, "wrist1"));
        Assert.Equal(front.Pixels.ToArray(), decoded.Observation.Images["front"].Pixels.ToArray());
        Assert.Equal(wrist.Pixels.ToArray(), decoded.Observation.Images["wrist1"].Pixels.ToArray());
    }

    [JpegFact]
    public void Encode_CameraJpegBelowTheConfiguredQuality_IsReEncodedFromThePixels()
    {
        var frame = CameraFrame(160, 120, 50);
        var encoded = new WireCodec(new WireCodecOptions(JpegQuality: 90)).Encode(RequestWith(frame));

        var sent = WireBytes(encoded, "front");
        Assert.NotEqual(frame.CameraJpeg!.Value.ToArray(), sent);
        Assert.InRange(JpegHeader.Read(sent)!.Quality!.Value, 88, 92);
    }

    [JpegFact]
    public void Encode_WithCameraJpegReEncode_NeverSendsTheCamerasBytes()
    {
        var frame = CameraFrame(160, 120, 95);
        var options = new WireCodecOptions(JpegQuality: 90) { CameraJpeg = CameraJpegMode.ReEncode };

        var sent = WireBytes(new WireCodec(options).Encode(RequestWith(frame)), "front");

        Assert.NotEqual(frame.CameraJpeg!.Value.ToArray(), sent);
    }

    [JpegFact]
    public void Encode_CameraJpegOfAnotherSizeThanTheFrame_IsNotPassedThrough()
    {
        var camera = CameraFrame(160, 120, 95);
        // A frame whose pixels were resized after capture but still carries the original JPEG.
        var resized = WireSamples.Frame(80, 60, 0) with { CameraJpeg = camera.CameraJpeg };
        var codec = new WireCodec(new WireCodecOptions(JpegQuality: 90));

        var encoded = codec.Encode(RequestWith(resized));
        var decoded = codec.Decode<PredictChunk>(encoded.Manifest, encoded.Body.Span).Observation.Images["front"];

        Assert.Equal((80, 60), (decoded.Width, decoded.Height));
        Assert.Equal((80, 60), (JpegHeader.Read(WireBytes(encoded, "front"))!.Width, JpegHeader.Read(WireBytes(encoded, "front"))!.Height));
    }

    [JpegFact]
    public void With_NewPixels_DropsTheCameraJpegOfTheOldOnes()
    {
        var frame = CameraFrame(160, 120, 95);
        var edited = frame with { Pixels = WireSamples.Frame(160, 120, 7).Pixels };
        var codec = new WireCodec(new WireCodecOptions(JpegQuality: 90));

        var sent = WireBytes(codec.Encode(RequestWith(edited)), "front");

        Assert.NotNull(frame.CameraJpeg);
        Assert.Null(edited.CameraJpeg);
        Assert.NotEqual(frame.CameraJpeg!.Value.ToArray(), sent);
        Assert.Equal(frame, frame with { }); // a plain copy keeps it
        Assert.NotNull((frame with { Sequence = 3 }).CameraJpeg);
    }

    [JpegFact]
    public void Encode_RawEncoding_SendsPixelsEvenWithACameraJpeg()
    {
        var frame = CameraFrame(32, 16, 95);
        var sent = WireBytes(new WireCodec(new WireCodecOptions(ImageWireEncoding.Raw)).Encode(RequestWith(frame)), "front");
        Assert.Equal(frame.Pixels.ToArray(), sent);
    }

    [JpegFact]
    public void Read_IjgJpegs_EstimatesTheirQualityWithinTwoAndReadsTheSize()
    {
        foreach (var quality in new[] { 20, 50, 75, 85, 90, 95, 98 })
        {
            var header = JpegHeader.Read(Turbo.Encode(WireSamples.Frame(64, 48, 0), quality));
            Assert.NotNull(header);
            Assert.Equal((64, 48), (header.Width, header.Height));
            Assert.InRange(header.Quality!.Value, quality - 2, quality + 2);
        }
    }

    [Fact]
    public void Read_NotAJpegOrATruncatedHeader_IsNull()
    {
        Assert.Null(JpegHeader.Read([]));
        Assert.Null(JpegHeader.Read("not a jpeg at all"u8));
        Assert.Null(JpegHeader.Read([0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00, 1, 2, 3]));
    }
}
