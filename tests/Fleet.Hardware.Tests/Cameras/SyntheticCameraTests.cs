using Fleet.Hardware.Cameras;

namespace Fleet.Hardware.Tests.Cameras;

public class SyntheticCameraTests
{
    private static SyntheticCamera Camera(TimeProvider? clock = null) =>
        new(new SyntheticCameraOptions("front", 160, 120, 30), clock);

    [Fact] public Task Started_camera_returns_a_frame_of_its_size() => CameraContract.Started_camera_returns_a_frame_of_its_size(Camera());
    [Fact] public Task Frames_arrive_in_sequence_order() => CameraContract.Frames_arrive_in_sequence_order(Camera());
    [Fact] public Task Reading_before_start_finds_no_frame() => CameraContract.Reading_before_start_finds_no_frame(Camera());
    [Fact] public Task Disposed_camera_refuses_reads_and_completes() => CameraContract.Disposed_camera_refuses_reads_and_completes(Camera());

    [Fact]
    public async Task Frames_follow_the_clock_and_report_their_age()
    {
        var clock = new ManualClock();
        await using var camera = Camera(clock);
        await camera.StartAsync(CancellationToken.None);
        Assert.True(camera.TryGetLatest(out var first));
        Assert.Equal(0, first.Frame.Sequence);

        clock.Advance(TimeSpan.FromMilliseconds(50)); // frame 1 was due at 33.3 ms
        Assert.True(camera.TryGetLatest(out var second));
        Assert.Equal(1, second.Frame.Sequence);
        Assert.Equal(50 - 1000.0 / 30, second.Age.TotalMilliseconds, 1);
    }

    [Fact]
    public async Task Same_sequence_renders_the_same_pixels_and_different_ones_differ()
    {
        var clockA = new ManualClock();
        var clockB = new ManualClock();
        await using var a = Camera(clockA);
        await using var b = Camera(clockB);
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);
        clockA.Advance(TimeSpan.FromSeconds(1));
        clockB.Advance(TimeSpan.FromSeconds(1));
        a.TryGetLatest(out var fa);
        b.TryGetLatest(out var fb);
        Assert.Equal(30, fa.Frame.Sequence);
        Assert.True(fa.Frame.Pixels.Span.SequenceEqual(fb.Frame.Pixels.Span));
        clockA.Advance(TimeSpan.FromSeconds(1.0 / 30));
        a.TryGetLatest(out var next);
        Assert.False(next.Frame.Pixels.Span.SequenceEqual(fa.Frame.Pixels.Span));
    }

    [Fact]
    public void Options_too_small_are_rejected_with_the_camera_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SyntheticCamera(new SyntheticCameraOptions("wrist", 4, 4)));
        Assert.Contains("wrist", ex.Message);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
