using Fleet.Messages;
using Fleet.Policy.Abstractions;
using Fleet.Policy.Builtin;

namespace Fleet.Policy.Tests.Builtin;

public class PolicyFactoryTests
{
    [Fact]
    public void Create_UnknownType_NamesTheKnownOnes()
    {
        var factory = PolicyFactory.WithBuiltins();
        var ex = Assert.Throws<UnknownPolicyTypeException>(() => factory.Create("act"));
        Assert.Contains("'act'", ex.Message);
        Assert.Contains("hold, sinusoid, trajectory_replay", ex.Message);
    }

    [Fact]
    public void Create_Sinusoid_ReadsItsOptions()
    {
        var factory = PolicyFactory.WithBuiltins();
        using var policy = factory.Create("sinusoid", new Dictionary<string, string>
        {
            ["joints"] = "4", ["chunk-size"] = "10", ["amplitude"] = "[1, 2, 3, 4]", ["simulated-latency"] = "100ms",
        });
        Assert.Equal(new PolicyDescriptor("sinusoid", 10, 4, 4, []), policy.Descriptor with { Images = [] });
        Assert.Equal(TimeSpan.FromMilliseconds(100), ((BuiltinPolicy)policy).SimulatedLatency);
    }

    [Fact]
    public void Create_MalformedValue_NamesOriginKeyAndExpectedForm()
    {
        var factory = PolicyFactory.WithBuiltins();
        var settings = new PolicySettings("hold", new Dictionary<string, string> { ["chunk-size"] = "fifty" }, "arms.conf:12");
        var ex = Assert.Throws<FormatException>(() => factory.Create("hold", settings));
        Assert.Contains("arms.conf:12", ex.Message);
        Assert.Contains("chunk-size = 'fifty'", ex.Message);
        Assert.Contains("an integer", ex.Message);
    }

    [Fact]
    public async Task Create_TrajectoryReplay_ReadsTheCsvFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fleet-traj-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(path, ["shoulder_pan,gripper", "# comment", "0,1", "", "2.5,3"]);
        try
        {
            using var policy = PolicyFactory.WithBuiltins().Create("trajectory_replay",
                new Dictionary<string, string> { ["path"] = path, ["chunk-size"] = "3" });
            Assert.Equal(2, policy.Descriptor.ActionDim);
            var input = new PolicyInput(new float[] { 0, 0 }, new Dictionary<string, ImageFrame>(), "");
            var actions = (await policy.PredictAsync([input], CancellationToken.None))[0].Actions.ToArray();
            Assert.Equal(new float[] { 0, 1, 2.5f, 3, 2.5f, 3 }, actions);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TrajectoryCsv_BadLine_ReportsFileAndLine()
    {
        var ex = Assert.Throws<FormatException>(() => TrajectoryCsv.Parse(["a,b", "1,2", "3,x"], "traj.csv"));
        Assert.StartsWith("traj.csv:3:", ex.Message);
        var width = Assert.Throws<FormatException>(() => TrajectoryCsv.Parse(["1,2", "3"], "traj.csv"));
        Assert.StartsWith("traj.csv:2:", width.Message);
    }

    [Fact]
    public void Register_SameTypeTwice_Throws()
    {
        var factory = PolicyFactory.WithBuiltins();
        Assert.Throws<ArgumentException>(() => factory.Register("hold", _ => throw new InvalidOperationException()));
    }
}
