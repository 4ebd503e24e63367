using System.Diagnostics;
using Fleet.Hardware.Cameras;

namespace Fleet.Hardware.Tests.Cameras;

public class VideoFileCameraTests(TestVideo video) : IClassFixture<TestVideo>
{
    private VideoFileCamera Camera(int? width = null, int? height = null) =>
        new(new VideoFileCameraOptions("front", video.Path, width, height, StartTimeout: TimeSpan.FromSeconds(30)));

    [Fact] public Task Started_camera_returns_a_frame_of_its_size() => CameraContract.Started_camera_returns_a_frame_of_its_size(Camera());
    [Fact] public Task Frames_arrive_in_sequence_order() => CameraContract.Frames_arrive_in_sequence_order(Camera());
    [Fact] public Task Reading_before_start_finds_no_frame() => CameraContract.Reading_before_start_finds_no_frame(Camera());
    [Fact] public Task Disposed_camera_refuses_reads_and_completes() => CameraContract.Disposed_camera_refuses_reads_and_completes(Camera());
    [Fact] public Task Scaled_camera_returns_frames_of_the_configured_size() =>
        CameraContract.Started_camera_returns_a_frame_of_its_size(Camera(64, 48));

    [Fact]
    public async Task Probed_size_is_the_files()
    {
        await using var camera = Camera();
        await camera.StartAsync(CancellationToken.None);
        Assert.Equal((160, 120), (camera.Width, camera.Height));
        Assert.Equal(30, camera.Fps, 3);
    }

    [Fact]
    public async Task Killed_ffmpeg_faults_the_camera_and_says_so()
    {
        await using var camera = Camera();
        await camera.StartAsync(CancellationToken.None);
        using (var ffmpeg = Process.GetProcessById(camera.ProcessId!.Value)) ffmpeg.Kill();

        var failure = await Assert.ThrowsAsync<CameraFailedException>(() => camera.Completion.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("exited with code", failure.Message);
        Assert.Equal("front", failure.Camera);
        var onRead = Assert.Throws<CameraFailedException>(() => camera.TryGetLatest(out _));
        Assert.Contains("front", onRead.Message);
    }

    [Fact]
    public async Task Stalled_ffmpeg_never_blocks_the_reader_and_the_age_grows()
    {
        await using var camera = Camera();
        await camera.StartAsync(CancellationToken.None);
        int pid = camera.ProcessId!.Value;
        TestVideo.Run("kill", "-STOP", pid.ToString());
        try
        {
            // Poll until the frame is visibly old: every read returns at once with the same frame, older each time.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            CameraReading reading;
            do
            {
                Assert.True(camera.TryGetLatest(out reading));
                await Task.Yield();
            } while (reading.Age < TimeSpan.FromMilliseconds(500) && DateTime.UtcNow < deadline);
            Assert.True(reading.Age >= TimeSpan.FromMilliseconds(500), $"age stayed at {reading.Age}");
        }
        finally
        {
            TestVideo.Run("kill", "-CONT", pid.ToString());
        }
    }

    [Fact]
    public async Task A_file_that_is_not_video_fails_at_start_naming_it()
    {
        var bogus = Path.Combine(video.Directory, "not-a-video.mp4");
        await File.WriteAllTextAsync(bogus, "hello");
        await using var camera = new VideoFileCamera(new VideoFileCameraOptions("front", bogus));
        var ex = await Assert.ThrowsAsync<CameraFailedException>(() => camera.StartAsync(CancellationToken.None));
        Assert.Contains("not-a-video.mp4", ex.Message);
    }

    [Fact]
    public void A_missing_file_is_rejected_by_the_options()
    {
        var ex = Assert.Throws<ArgumentException>(() => new VideoFileCamera(new VideoFileCameraOptions("front", "/nonexistent/clip.mp4")));
        Assert.Contains("/nonexistent/clip.mp4", ex.Message);
    }
}
