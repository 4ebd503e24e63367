using Fleet.Actors.Arm;
using Fleet.Messages;

namespace Fleet.Actors.Tests.Arm;

public class ObservationFilterTests
{
    private static Observation Obs(float[] state, bool mustGo = false, ImageFrame? front = null) =>
        new("arm-1", 0, DateTimeOffset.UnixEpoch, state,
            front is null ? new Dictionary<string, ImageFrame>() : new Dictionary<string, ImageFrame> { ["front"] = front },
            "", mustGo);

    private static ImageFrame Frame(byte fill, int width = 64, int height = 48)
    {
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, fill);
        return new ImageFrame(width, height, pixels, DateTimeOffset.UnixEpoch, 0);
    }

    [Fact]
    public void Admit_DefaultOptions_NeverFilters()
    {
        var filter = new ObservationFilter(new ObservationFilterOptions());
        Assert.True(filter.Admit(Obs([0, 0])));
        Assert.True(filter.Admit(Obs([0, 0])));
        Assert.Equal(0, filter.SkippedCount);
    }

    [Fact]
    public void Admit_SmallJointMotion_IsSkippedUntilItAddsUpPastTheThreshold()
    {
        var filter = new ObservationFilter(new ObservationFilterOptions(JointThreshold: 0.5));
        Assert.True(filter.Admit(Obs([0, 0])));
        Assert.False(filter.Admit(Obs([0.3f, 0])));
        Assert.False(filter.Admit(Obs([0.3f, 0.3f])));  // distance 0.42 from the last admitted
        Assert.True(filter.Admit(Obs([0.3f, 0.4f])));   // distance 0.5
        Assert.False(filter.Admit(Obs([0.3f, 0.4f])));
        Assert.Equal(3, filter.SkippedCount);
    }

    [Fact]
    public void Admit_MustGo_AlwaysPasses()
    {
        var filter = new ObservationFilter(new ObservationFilterOptions(JointThreshold: 100));
        Assert.True(filter.Admit(Obs([0])));
        Assert.False(filter.Admit(Obs([0])));
        Assert.True(filter.Admit(Obs([0], mustGo: true)));
    }

    [Fact]
    public void Admit_StillArmButChangedScene_PassesWithTheImageMeasure()
    {
        var filter = new ObservationFilter(new ObservationFilterOptions(JointThreshold: 1, ImageThreshold: 10));
        Assert.True(filter.Admit(Obs([0], front: Frame(100))));
        Assert.False(filter.Admit(Obs([0], front: Frame(105))));
        Assert.True(filter.Admit(Obs([0], front: Frame(120))));
    }

    [Fact]
    public void MeanAbsolute_HalfTheFrameChanged_IsHalfTheDifference()
    {
        var a = Frame(0, 8, 8);
        var pixels = new byte[8 * 8 * 3];
        for (int y = 4; y < 8; y++) Array.Fill(pixels, (byte)200, y * 8 * 3, 8 * 3);
        var b = new ImageFrame(8, 8, pixels, DateTimeOffset.UnixEpoch, 1);
        Assert.Equal(100, ImageDifference.MeanAbsolute(a, b, 8, 8), 6);
        Assert.Equal(100, ImageDifference.MeanAbsolute(a, b, 4, 4), 6);
    }

    [Fact]
    public void Options_NegativeThreshold_ThrowsNamingTheKey()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ObservationFilter(new ObservationFilterOptions(JointThreshold: -1)));
        Assert.Contains("observation-filter.joint-threshold", ex.Message);
    }
}
