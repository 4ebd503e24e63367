using Fleet.Dataset.Export;
using Fleet.Dataset.Meta;
using Fleet.Dataset.Video;

namespace Fleet.Dataset.Tests.Infrastructure;

/// <summary>Records real episodes: synthetic camera frames through the real ffmpeg encoder, deterministic joint values.</summary>
internal static class SyntheticEpisodes
{
    public static DatasetSpec Spec(VideoEncoderOptions? video = null, int cameras = 1) =>
        DatasetSpec.So101(30, Enumerable.Range(0, cameras).Select(i => new CameraSpec(i == 0 ? "front" : "wrist", 160, 120)).ToList(), video ?? VideoEncoderOptions.H264);

    public static float Joint(int episode, int frame, int joint) => episode * 100 + frame * 0.25f + joint;

    public static byte[] Frame(int width, int height, int frame)
    {
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var p = (y * width + x) * 3;
                rgb[p] = (byte)(x + frame * 4);
                rgb[p + 1] = (byte)(y * 2);
                rgb[p + 2] = (byte)(frame * 8);
            }
        return rgb;
    }

    public static async Task<EpisodeBuffer> RecordAsync(DatasetSpec spec, string scratch, int episode, int frames, string task = "put the cube in the box")
    {
        var buffer = new EpisodeBuffer(spec);
        var encoders = spec.Cameras.Select(c => (c, FfmpegEncoder.Start(Path.Combine(scratch, $"{c.Name}-{episode}-{Guid.NewGuid():N}.mp4"), c.Width, c.Height, spec.Fps, spec.Video))).ToList();
        for (var f = 0; f < frames; f++)
        {
            var values = Enumerable.Range(0, 6).Select(j => Joint(episode, f, j)).ToArray();
            buffer.AddFrame(values, values.Select(v => -v).ToArray(), task);
            foreach (var (camera, encoder) in encoders)
                await encoder.WriteFrameAsync(f, Frame(camera.Width, camera.Height, f), CancellationToken.None);
        }
        foreach (var (camera, encoder) in encoders)
        {
            buffer.SetVideo(camera.Name, await encoder.CompleteAsync(frames, CancellationToken.None));
            await encoder.DisposeAsync();
        }
        return buffer;
    }
}
