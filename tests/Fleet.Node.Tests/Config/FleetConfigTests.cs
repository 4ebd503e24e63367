using Fleet.Node.Config;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

public class FleetConfigTests
{
    private static readonly FleetConfig Config = Hocon.Parse(
        "a { s = hello, n = 42, big = 5000000000, f = 2.5, t = yes, nil = null, list = [x, 1, true], objs = [{ k = 1 }, { k = 2 }] }\n\"dot.key\" = 3");

    [Fact]
    public void Getters_PresentValues_ConvertAsHoconAllows()
    {
        Assert.Equal("hello", Config.GetString("a.s"));
        Assert.Equal("42", Config.GetString("a.n"));
        Assert.Equal(42, Config.GetInt("a.n"));
        Assert.Equal(5_000_000_000L, Config.GetLong("a.big"));
        Assert.Equal(2.5, Config.GetDouble("a.f"));
        Assert.True(Config.GetBoolean("a.t"));
        Assert.Equal(["x", "1", "true"], Config.GetStringList("a.list"));
        Assert.Equal([1, 2], Config.GetConfigList("a.objs").Select(c => c.GetInt("k")));
        Assert.Equal(3, Config.GetInt("\"dot.key\""));
        Assert.Equal(42, Config.GetConfig("a").GetInt("n"));
        Assert.Equal(0.33, Hocon.Parse("p = .33").GetDouble("p"));
    }

    [Fact]
    public void HasPath_NullOrAbsent_IsFalse()
    {
        Assert.True(Config.HasPath("a.s"));
        Assert.False(Config.HasPath("a.nil"));
        Assert.False(Config.HasPath("a.absent"));
        Assert.IsType<ConfigNull>(Config.GetValueOrNull("a.nil"));
    }

    [Fact]
    public void Getters_AbsentOrNull_ThrowMissing()
    {
        Assert.Contains("a.absent is missing", Assert.Throws<ConfigException.Missing>(() => Config.GetString("a.absent")).Message);
        Assert.StartsWith("test.conf:1:66: a.nil is missing: it is set to null", Assert.Throws<ConfigException.Missing>(() => Config.GetInt("a.nil")).Message);
    }

    [Fact]
    public void Getters_WrongType_ThrowWrongTypeWithOriginAndFullPath()
    {
        var error = Assert.Throws<ConfigException.WrongType>(() => Config.GetConfig("a").GetInt("s"));
        Assert.Equal("test.conf:1:9: a.s has type string but number is expected here", error.Message);
        Assert.Throws<ConfigException.WrongType>(() => Config.GetBoolean("a.n"));
        Assert.Throws<ConfigException.WrongType>(() => Config.GetString("a"));
        Assert.Throws<ConfigException.BadValue>(() => Config.GetInt("a.big"));
        Assert.Throws<ConfigException.BadValue>(() => Config.GetLong("a.f"));
    }
}
