using Fleet.Hardware.Calibration;

namespace Fleet.Hardware.Tests.Calibration;

public class SafetyClampTests
{
    private static readonly (double, double)[] Ranges = [(-80, 80), (0, 100)];

    [Fact]
    public void Apply_goal_inside_range_without_step_limit_passes_unchanged()
    {
        var safe = new double[2];
        Assert.Equal(0, SafetyClamp.Apply([10, 50], default, default, Ranges, safe));
        Assert.Equal([10, 50], safe);
    }

    [Fact]
    public void Apply_goal_outside_calibrated_range_is_clamped_to_the_range()
    {
        var safe = new double[2];
        Assert.Equal(2, SafetyClamp.Apply([-120, 130], default, default, Ranges, safe));
        Assert.Equal([-80, 100], safe);
    }

    [Fact]
    public void Apply_step_beyond_max_relative_target_is_limited_around_present()
    {
        var safe = new double[2];
        Assert.Equal(2, SafetyClamp.Apply([40, 10], [0, 30], [5, 5], Ranges, safe));
        Assert.Equal([5, 25], safe);
    }

    [Fact]
    public void Apply_step_limit_then_range_both_hold()
    {
        var safe = new double[2];
        SafetyClamp.Apply([200, 0], [78, 0], [10, 10], Ranges, safe);
        Assert.Equal(80, safe[0]);
    }

    [Fact]
    public void Apply_negative_step_limit_throws() =>
        Assert.Throws<ArgumentException>(() => SafetyClamp.Apply([1, 1], [0, 0], [-1, 1], Ranges, new double[2]));
}
