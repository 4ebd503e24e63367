using Fleet.Node.Config;
using Fleet.Node.Config.Options;
using Fleet.Node.Fleets;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

public sealed class SchemaTests : IDisposable
{
    private readonly TempFiles _files = new();
    private static readonly Func<string, string?> NoEnv = _ => null;

    public void Dispose() => _files.Dispose();

    private FleetConfig Load(string text) => ConfigLoader.Load([_files.Write("node.conf", text)], NoEnv);

    [Fact]
    public void LoadLayers_GeneratedTextBetweenFiles_OverridesInOrder()
    {
        var first = _files.Write("first.conf", "fleet.node.name = from-file\nfleet.admin.port = 1000");
        var last = _files.Write("last.conf", "fleet.admin.port = 3000");

        var config = ConfigLoader.LoadLayers([ConfigLayer.File(first), ConfigLayer.Generated("generated", "fleet.node.name = generated\nfleet.admin.port = 2000"), ConfigLayer.File(last)], NoEnv);

        Assert.Equal("generated", config.GetString("fleet.node.name"));
        Assert.Equal(3000, config.GetInt("fleet.admin.port"));
    }

    [Fact]
    public void LoadLayers_BadGeneratedText_ErrorNamesTheLayerAndLine()
    {
        var error = Assert.ThrowsAny<ConfigException>(() =>
            ConfigLoader.LoadLayers([ConfigLayer.Generated("fleet demo --arms 2", "fleet.admin {\n  port = 1\n  no-such-key = 2\n}")], NoEnv));

        Assert.Contains("fleet demo --arms 2:3:", error.Message);
        Assert.Contains("no-such-key", error.Message);
    }

    [Fact]
    public void Load_ReferenceAlone_BindsEveryOptionsRecord()
    {
        var options = FleetOptions.FromConfig(ConfigLoader.Load([], NoEnv));
        Assert.Equal(9110, options.Admin.Port);
        Assert.Equal("127.0.0.1", options.Admin.Bind);
        Assert.Equal(["robot"], options.Node.Roles);
        Assert.Equal(30, options.Actors.Throughput);
        Assert.Equal(["stop-intake", "hold-arms", "flush-recordings", "stop-actors"], options.Shutdown.Phases.Select(p => p.Name));
        Assert.Equal(TimeSpan.FromSeconds(30), options.Shutdown.Phases[2].Timeout);
        Assert.Empty(options.Arms);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Policy.RequestTimeout);
        Assert.False(options.Cluster.Enabled);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, options.Logging.Level);
    }

    [Fact]
    public void Load_UserFile_OverridesAndMergesOverReference()
    {
        var config = Load("fleet.admin.port = 9200\nfleet.node { name = lab-1 }\nmine = 1");
        Assert.Equal(9200, config.GetInt("fleet.admin.port"));
        Assert.Equal("127.0.0.1", config.GetString("fleet.admin.bind"));
        Assert.Equal("lab-1", config.GetString("fleet.node.name"));
        Assert.Equal(1, config.GetInt("mine"));
    }

    [Fact]
    public void Load_UnknownKey_NamesFileLineAndNearestKnownKey()
    {
        var error = Assert.Throws<ConfigException.BadValue>(() => Load("fleet {\n  admin {\n    prot = 9200\n  }\n}"));
        Assert.Equal($"{Path.Combine(_files.Dir, "node.conf")}:3:12: fleet.admin.prot: unknown key (not in the reference hocon/fleet.conf); did you mean fleet.admin.port?", error.Message);
    }

    [Theory]
    [InlineData("fleet.logging.levl = debug", "did you mean fleet.logging.level?")]
    [InlineData("fleet.admn.port = 1", "did you mean fleet.admin.port?")]
    [InlineData("fleet.shutdown.phases.hold-arm = 1s", "did you mean fleet.shutdown.phases.hold-arms?")]
    public void Load_MisspelledKey_SuggestsTheNearestKey(string text, string suggestion) =>
        Assert.Contains(suggestion, Assert.Throws<ConfigException.BadValue>(() => Load(text)).Message);

    [Fact]
    public void Load_UnknownKeyInListElement_IsCheckedAgainstTheTemplate()
    {
        var error = Assert.Throws<ConfigException.BadValue>(() => Load("fleet.arms = [\n  { id = a, policy = p }\n  { id = b, polcy = p }\n]"));
        Assert.Contains(":3:21: fleet.arms[1].polcy: unknown key", error.Message);
        Assert.Contains("did you mean fleet.arms[1].policy?", error.Message);
    }

    [Fact]
    public void Load_ObjectWhereReferenceHasObject_MustBeAnObject()
    {
        var error = Assert.Throws<ConfigException.WrongType>(() => Load("fleet.admin = 5"));
        Assert.Contains("fleet.admin has type number but object is expected here", error.Message);
    }

    [Fact]
    public void Arms_ElementsLeavingKeysOut_TakeTemplateDefaults()
    {
        var arms = ArmOptions.FromConfig(Load(
            "fleet.arms = [ { id = arm-1, robot { type = so101_follower, port = /dev/ttyACM0 }, policy = p }, { id = arm-2, robot { type = so101_follower_sim }, policy = p, fps = 50 } ]"));
        Assert.Equal([("arm-1", "/dev/ttyACM0", 30.0), ("arm-2", null, 50.0)], arms.Select(a => (a.Id, a.Robot.Port, a.Fps)));
        Assert.All(arms, a => Assert.Equal((0.5, 1, "weighted_average"), (a.Inference.G, a.Inference.MaxInFlight, a.Inference.EffectiveAggregation.Name)));
        Assert.All(arms, a => Assert.Equal(TimeSpan.FromMilliseconds(500), a.Inference.EffectiveDeadline)); // fleet.policy.request-timeout
    }

    [Fact]
    public void Arms_MissingRequiredKey_FailsNamingTheElement()
    {
        var error = Assert.Throws<ConfigException.Missing>(() => ArmOptions.FromConfig(Load("fleet.arms = [\n { id = arm-1 }\n]")));
        Assert.Contains(":2:2: fleet.arms[0].policy is missing", error.Message);
    }

    [Fact]
    public void Arms_BadAggregate_FailsAtTheKeyListingTheChoices()
    {
        var error = Assert.Throws<ConfigException.BadValue>(() => ArmOptions.FromConfig(Load(
            "fleet.arms = [\n { id = arm-1, robot { type = so101_follower_sim }, policy = p,\n   aggregate = median } ]")));
        Assert.Contains(":3:16: fleet.arms[0].aggregate", error.Message);
        Assert.Contains("weighted_average, latest_only, average, conservative", error.Message);
    }

    [Fact]
    public void Admin_PublicBindWithoutToken_IsRejected()
    {
        var error = Assert.Throws<ConfigException.BadValue>(() => AdminOptions.FromConfig(Load("fleet.admin.bind = 0.0.0.0")));
        Assert.Contains("without a token", error.Message);
        Assert.Equal("t0k", AdminOptions.FromConfig(ConfigLoader.Load([_files.Write("n.conf", "fleet.admin.bind = 0.0.0.0")], n => n == "FLEET_ADMIN_TOKEN" ? "t0k" : null)).Token);
    }

    [Fact]
    public void Options_BadValues_FailWithTheirOrigin()
    {
        Assert.Contains("not a TCP port", Assert.Throws<ConfigException.BadValue>(() => AdminOptions.FromConfig(Load("fleet.admin.port = 70000"))).Message);
        Assert.Contains("\"verbose\" is not a level", Assert.Throws<ConfigException.BadValue>(() => LoggingOptions.FromConfig(Load("fleet.logging.level = verbose"))).Message);
        Assert.Contains("unknown role \"gpu\"", Assert.Throws<ConfigException.BadValue>(() => NodeOptions.FromConfig(Load("fleet.node.roles = [gpu]"))).Message);
        var overflow = Assert.Throws<ConfigException.BadValue>(() => ActorsOptions.FromConfig(Load("\nfleet.actors.default-mailbox.overflow = explode")));
        Assert.Contains("node.conf:2:", overflow.Message);
    }

    [Theory]
    [InlineData("debug", Microsoft.Extensions.Logging.LogLevel.Debug)]
    [InlineData("info", Microsoft.Extensions.Logging.LogLevel.Information)]
    [InlineData("WARN", Microsoft.Extensions.Logging.LogLevel.Warning)]
    [InlineData("none", Microsoft.Extensions.Logging.LogLevel.None)]
    public void Logging_LevelNames_IncludingShortForms_Bind(string text, Microsoft.Extensions.Logging.LogLevel level) =>
        Assert.Equal(level, LoggingOptions.FromConfig(Load($"fleet.logging.level = {text}")).Level);

    [Fact]
    public void EditDistance_CountsSingleCharacterEdits()
    {
        Assert.Equal(0, ConfigSchema.EditDistance("port", "port"));
        Assert.Equal(2, ConfigSchema.EditDistance("prot", "port"));
        Assert.Equal(3, ConfigSchema.EditDistance("kitten", "sitting"));
    }
}
