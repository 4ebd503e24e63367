using Fleet.Hardware.Cameras;

namespace Fleet.Hardware.Tests.Cameras;

/// <summary>
/// The <see cref="ICamera"/> contract, shared by every backend's test class (each calls these from its own
/// facts, so the V4L2 class can skip visibly when the machine has no camera).
/// </summary>
internal static class CameraContract
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task Started_camera_returns_a_frame_of_its_size(ICamera camera)
    {
        await using var owned = camera;
        await camera.StartAsync(CancellationToken.None);
        Assert.True(camera.TryGetLatest(out var reading));
        Assert.Equal(camera.Width, reading.Frame.Width);
        Assert.Equal(camera.Height, reading.Frame.Height);
        reading.Frame.Validate();
        Assert.True(reading.Age >= TimeSpan.Zero, $"age {reading.Age} is negative");
    }

    public static async Task Frames_arrive_in_sequence_order(ICamera camera)
    {
        await using var owned = camera;
        await camera.StartAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource(Patience);
        var first = await camera.WaitForFrameAsync(-1, cts.Token);
        var later = await camera.WaitForFrameAsync(first.Sequence, cts.Token);
        var latest = await camera.WaitForFrameAsync(later.Sequence, cts.Token);
        Assert.True(later.Sequence > first.Sequence);
        Assert.True(latest.Sequence > later.Sequence);
        Assert.True(latest.CapturedAt >= later.CapturedAt && later.CapturedAt >= first.CapturedAt);
    }

    public static async Task Reading_before_start_finds_no_frame(ICamera camera)
    {
        await using var owned = camera;
        Assert.False(camera.TryGetLatest(out _));
    }

    public static async Task Disposed_camera_refuses_reads_and_completes(ICamera camera)
    {
        await camera.StartAsync(CancellationToken.None);
        await camera.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => camera.TryGetLatest(out _));
        await camera.Completion.WaitAsync(Patience);
        Assert.True(camera.Completion.IsCompletedSuccessfully);
    }
}
