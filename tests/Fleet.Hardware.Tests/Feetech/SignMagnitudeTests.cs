using Fleet.Hardware.Feetech;

namespace Fleet.Hardware.Tests.Feetech;

public class SignMagnitudeTests
{
    [Theory]
    [InlineData(-1470, 11, 0x0DBE)]
    [InlineData(1470, 11, 1470)]
    [InlineData(-1, 15, 0x8001)]
    [InlineData(0, 15, 0)]
    [InlineData(-1000, 10, 0x07E8)]
    public void Encode_then_decode_round_trips(int value, int bit, int raw)
    {
        Assert.Equal(raw, SignMagnitude.Encode(value, bit));
        Assert.Equal(value, SignMagnitude.Decode(raw, bit));
    }

    [Fact]
    public void Encode_magnitude_beyond_sign_bit_throws_with_lerobots_text()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SignMagnitude.Encode(2114, 11));
        Assert.Contains("Magnitude 2114 exceeds 2047 (max for sign_bit_index=11)", e.Message);
    }
}
