using Fleet.Node.Config;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

public class UnitsTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("100 ms", 100)]
    [InlineData("2 minutes", 120_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("250", 250)]
    [InlineData("1 d", 86_400_000)]
    [InlineData("1500us", 1.5)]
    [InlineData("2000000 nanos", 2)]
    [InlineData("-4878955355435272200ns", -4_878_955_355_435.2722)]
    public void ParseDuration_ValidText_GivesMilliseconds(string text, double ms) =>
        Assert.Equal(ms, ConfigUnits.ParseDuration(text).TotalMilliseconds, 6);

    [Theory]
    [InlineData("64 MiB", 64L * 1024 * 1024)]
    [InlineData("1k", 1024)]
    [InlineData("1K", 1024)]
    [InlineData("10MB", 10_000_000)]
    [InlineData("3 kilobytes", 3000)]
    [InlineData("2 gibibytes", 2L * 1024 * 1024 * 1024)]
    [InlineData("512", 512)]
    [InlineData("1.5 KiB", 1536)]
    [InlineData("0.5M", 524288)]
    public void ParseBytes_ValidText_GivesBytes(string text, long bytes) => Assert.Equal(bytes, ConfigUnits.ParseBytes(text));

    [Theory]
    [InlineData("8 EiB")] // 2^63 does not fit in a long
    [InlineData("1 YiB")]
    [InlineData("-1k")]
    [InlineData("0.3 B")]
    [InlineData("10 parsecs")]
    public void ParseBytes_UnusableSize_Throws(string text) => Assert.Throws<FormatException>(() => ConfigUnits.ParseBytes(text));

    [Theory]
    [InlineData("10 S")]
    [InlineData("fast")]
    [InlineData("10 lightyears")]
    public void ParseDuration_BadUnit_Throws(string text) => Assert.Throws<FormatException>(() => ConfigUnits.ParseDuration(text));

    [Fact]
    public void GetDuration_NumberValue_IsMilliseconds()
    {
        var config = Hocon.Parse("a = 1500\nb = 2s\nc { d = 64 MiB }");
        Assert.Equal(TimeSpan.FromMilliseconds(1500), config.GetDuration("a"));
        Assert.Equal(TimeSpan.FromSeconds(2), config.GetDuration("b"));
        Assert.Equal(64L << 20, config.GetBytes("c.d"));
    }

    [Fact]
    public void GetDuration_BadUnit_FailsWithOriginAndTheAcceptedUnits()
    {
        var error = Assert.Throws<ConfigException.BadValue>(() => Hocon.Parse("x = 1\nt = 5 parsecs").GetDuration("t"));
        Assert.StartsWith("test.conf:2:5: t: 'parsecs' is not a duration unit", error.Message);
    }
}
