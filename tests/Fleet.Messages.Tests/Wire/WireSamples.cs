using Fleet.Messages;

namespace Fleet.Messages.Tests.Wire;

/// <summary>Realistic messages for codec tests: a smooth synthetic scene, not noise, so JPEG behaves as on camera frames.</summary>
internal static class WireSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 7, 0, 0, TimeSpan.Zero);

    public static ImageFrame Frame(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var i = (y * width + x) * 3;
            pixels[i] = (byte)((x * 255 / width + seed) & 0xFF);
            pixels[i + 1] = (byte)(y * 255 / height);
            pixels[i + 2] = (byte)(((x / 16 + y / 16) % 2) * 120 + 60);
        }
        return new ImageFrame(width, height, pixels, Now.AddMilliseconds(-5), 42 + seed);
    }

    public static PredictChunk Request(int cameras = 2, int width = 96, int height = 64, long requestId = 7)
    {
        var images = new Dictionary<string, ImageFrame>();
        for (var c = 0; c < cameras; c++) images[c == 0 ? "front" : $"wrist{c}"] = Frame(width, height, c * 40);
        var observation = new Observation("arm-1", 1234, Now, new float[] { 0.5f, -12.25f, 33f, 0f, 99.5f, 1e-3f }, images,
            "put the red cube in the box", MustGo: true);
        return new PredictChunk(requestId, "act", observation, Now.AddMilliseconds(250));
    }

    public static PredictChunkReply Reply(int length = 50, int dim = 6)
    {
        var actions = new float[length * dim];
        for (var i = 0; i < actions.Length; i++) actions[i] = MathF.Sin(i * 0.1f) * 40f;
        return new PredictChunkReply(7, "arm-1", new ActionChunk("arm-1", 1234, actions, dim, Now), null, "gpu-1/act-0");
    }
}
