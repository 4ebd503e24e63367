using Fleet.Hardware.Cameras;

namespace Fleet.Hardware.Tests.Cameras;

/// <summary>A fact that runs only where a V4L2 device exists; elsewhere it shows as skipped, with the reason.</summary>
public sealed class V4l2FactAttribute : FactAttribute
{
    public V4l2FactAttribute()
    {
        if (V4l2Devices.List().Count == 0) Skip = "no /dev/video* device on this machine";
    }
}

public class FfmpegV4l2CameraTests
{
    private static FfmpegV4l2Camera Camera() =>
        new(new FfmpegV4l2CameraOptions("front", V4l2Devices.List()[0].Path));

    [V4l2Fact] public Task Started_camera_returns_a_frame_of_its_size() => CameraContract.Started_camera_returns_a_frame_of_its_size(Camera());
    [V4l2Fact] public Task Frames_arrive_in_sequence_order() => CameraContract.Frames_arrive_in_sequence_order(Camera());
    [V4l2Fact] public Task Reading_before_start_finds_no_frame() => CameraContract.Reading_before_start_finds_no_frame(Camera());
    [V4l2Fact] public Task Disposed_camera_refuses_reads_and_completes() => CameraContract.Disposed_camera_refuses_reads_and_completes(Camera());

    [Fact]
    public async Task A_missing_device_fails_at_start_pointing_to_camera_list()
    {
        await using var camera = new FfmpegV4l2Camera(new FfmpegV4l2CameraOptions("wrist", "/dev/video-fleet-missing"));
        var ex = await Assert.ThrowsAsync<CameraFailedException>(() => camera.StartAsync(CancellationToken.None));
        Assert.Contains("/dev/video-fleet-missing", ex.Message);
        Assert.Contains("fleet camera list", ex.Message);
    }

    [Fact]
    public async Task A_node_that_is_not_a_camera_fails_at_start_with_ffmpegs_reason()
    {
        // /dev/null exists but is no V4L2 device: ffmpeg starts, fails to open it and exits.
        await using var camera = new FfmpegV4l2Camera(new FfmpegV4l2CameraOptions("wrist", "/dev/null"));
        var ex = await Assert.ThrowsAsync<CameraFailedException>(() => camera.StartAsync(CancellationToken.None));
        Assert.Contains("/dev/null", ex.Message);
        Assert.Contains("exited with code", ex.Message);
    }
}
