using Fleet.Messages.Wire;
using Fleet.Node.Config;
using Fleet.Node.Config.Options;
using Fleet.Node.Tests.Infrastructure;

namespace Fleet.Node.Tests.Config;

public sealed class ClusterOptionsTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private FleetConfig Load(string text, Func<string, string?>? env = null) => ConfigLoader.Load([_files.Write("node.conf", text)], env ?? (_ => null));

    [Fact]
    public void FromConfig_Reference_HasAkkasDetectorAndTheIssuesPoolDefaults()
    {
        var options = ClusterOptions.FromConfig(ConfigLoader.Load([], _ => null));

        Assert.Equal((8.0, TimeSpan.FromSeconds(3)), (options.FailureDetector.Threshold, options.FailureDetector.AcceptableHeartbeatPause));
        Assert.Equal((8, TimeSpan.FromMilliseconds(5), 256), (options.MaxBatch, options.MaxWait, options.MaxQueueLength));
        Assert.Equal((ImageWireEncoding.Jpeg, 90), (options.Wire.ImageEncoding, options.Wire.JpegQuality));
        Assert.Equal(TimeSpan.FromSeconds(1), options.HeartbeatInterval);
    }

    [Fact]
    public void FromConfig_BrokerFromTheEnvironment_OverridesTheFile()
    {
        var options = ClusterOptions.FromConfig(Load("fleet.cluster.enabled = true",
            name => name == "FLEET_BROKER" ? "amqps://fleet:secret@broker.lab:5671/robots" : null));

        Assert.True(options.Enabled);
        Assert.Equal("amqps://fleet:secret@broker.lab:5671/robots", options.RabbitMqUri.ToString());
    }

    [Fact]
    public void FromConfig_NotAnAmqpUri_NamesTheKeyAndHidesThePassword()
    {
        var error = Assert.Throws<ConfigException.BadValue>(() => ClusterOptions.FromConfig(Load("fleet.cluster.broker = \"http://u:hunter2@h/\"")));

        Assert.Contains("fleet.cluster.broker", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Theory]
    [InlineData("fleet.cluster.wire.jpeg-quality = 0", "wire.jpeg-quality")]
    [InlineData("fleet.cluster.wire.image-encoding = png", "wire.image-encoding")]
    [InlineData("fleet.cluster.pool.max-batch = 0", "pool.max-batch")]
    public void FromConfig_OutOfRange_NamesTheKey(string line, string key)
    {
        var error = Assert.Throws<ConfigException.BadValue>(() => ClusterOptions.FromConfig(Load(line)));

        Assert.Contains($"fleet.cluster.{key}", error.Message);
        Assert.Contains("node.conf:1", error.Message);
    }
}
