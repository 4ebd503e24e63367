using Fleet.Hardware.Calibration;

namespace Fleet.Hardware.Tests.Calibration;

// Expected values computed by hand with LeRobot's formulas (research §3.2): double maths, int() truncation toward zero.
public class NormalizationTests
{
    private static readonly MotorCalibration Pan = new(1, 0, -1399, 874, 2979);
    private static readonly MotorCalibration Inverted = new(1, 1, 0, 874, 2979);

    [Theory]
    [InlineData(874, -100.0)]
    [InlineData(2979, 100.0)]
    [InlineData(500, -100.0)]   // clamped to range_min first
    [InlineData(1926, -0.047505938242280283)] // (1926-874)/2105*200-100
    public void Normalize_range_m100_matches_lerobot(int raw, double expected) =>
        Assert.Equal(expected, Normalization.Normalize(raw, Pan, NormMode.RangeM100To100), 12);

    [Theory]
    [InlineData(0.0, 1926)]      // (100/200)*2105+874 = 1926.5 → 1926
    [InlineData(-100.0, 874)]
    [InlineData(150.0, 2979)]    // clamped to 100
    [InlineData(33.3, 2276)]     // 133.3/200*2105+874 = 2276.98 → 2276
    public void Unnormalize_range_m100_truncates_like_python_int(double value, int expected) =>
        Assert.Equal(expected, Normalization.Unnormalize(value, Pan, NormMode.RangeM100To100));

    [Fact]
    public void Normalize_drive_mode_inverts_range_modes()
    {
        Assert.Equal(100.0, Normalization.Normalize(874, Inverted, NormMode.RangeM100To100), 12);
        Assert.Equal(100.0, Normalization.Normalize(874, Inverted, NormMode.Range0To100), 12);
        Assert.Equal(874, Normalization.Unnormalize(100, Inverted, NormMode.RangeM100To100));
    }

    [Theory]
    [InlineData(874, 0.0)]
    [InlineData(2979, 100.0)]
    [InlineData(1400, 24.988123515439428)] // 526/2105*100
    public void Normalize_range_0_100_matches_lerobot(int raw, double expected) =>
        Assert.Equal(expected, Normalization.Normalize(raw, Pan, NormMode.Range0To100), 12);

    [Theory]
    [InlineData(1926, -0.04395604395604396)] // (1926-1926.5)*360/4095
    [InlineData(0, -169.36263736263737)]     // no clamping in degrees
    [InlineData(4095, 190.63736263736264)]
    public void Normalize_degrees_uses_mid_range_and_4095(int raw, double expected) =>
        Assert.Equal(expected, Normalization.Normalize(raw, Pan, NormMode.Degrees), 10);

    [Theory]
    [InlineData(0.0, 1926)]        // 1926.5 → 1926
    [InlineData(-10.0, 1812)]      // -113.75+1926.5 = 1812.75 → 1812
    [InlineData(-170.0, -7)]       // -1933.75+1926.5 = -7.25 → -7 (toward zero)
    public void Unnormalize_degrees_truncates_toward_zero(double degrees, int expected) =>
        Assert.Equal(expected, Normalization.Unnormalize(degrees, Pan, NormMode.Degrees));

    [Fact]
    public void Normalize_uncalibrated_motor_throws_naming_the_id()
    {
        var e = Assert.Throws<CalibrationException>(() => Normalization.Normalize(10, new MotorCalibration(4, 0, 0, 2047, 2047), NormMode.Degrees));
        Assert.Contains("id 4", e.Message);
    }
}
