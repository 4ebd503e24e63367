using Fleet.Policy.Act;
using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;
using Fleet.Policy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Policy.Tests.Act;

/// <summary>
/// ACT against the PyTorch reference (tests/reference/act_model.py): random weights written as a LeRobot checkpoint,
/// loaded by both, same raw observation, max |difference| of the un-normalized actions ≤ 1e-4.
/// </summary>
public sealed class ActReferenceTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-4f;

    [TorchTheory]
    [InlineData(1, 1, "new", false, "relu")]
    [InlineData(1, 4, "old", false, "relu")]
    [InlineData(2, 1, "new", true, "gelu")]
    [InlineData(2, 4, "new", false, "relu")]
    [InlineData(2, 4, "old", true, "relu")]
    public void Predict_SmallConfig_MatchesPyTorch(int cameras, int batch, string layout, bool preNorm, string activation)
    {
        var args = new List<string> { "--cameras", $"{cameras}", "--batch", $"{batch}", "--layout", layout, "--activation", activation, "--seed", $"{cameras * 10 + batch}" };
        if (preNorm) args.Add("--pre-norm");
        double diff = RunCase(args);
        Assert.True(diff <= Tolerance, $"max |C# − PyTorch| = {diff:E3} > {Tolerance:E0}");
    }

    [TorchFact]
    public void Predict_FullSizeAct480x640_MatchesPyTorch()
    {
        double diff = RunCase(["--size", "full", "--height", "480", "--width", "640", "--cameras", "1", "--batch", "1", "--seed", "7"]);
        Assert.True(diff <= Tolerance, $"max |C# − PyTorch| = {diff:E3} > {Tolerance:E0}");
    }

    private double RunCase(IEnumerable<string> args)
    {
        using var dir = new TempDirectory();
        PythonReference.Run(["make-case", "--out", dir.Path, .. args]);
        using var policy = ActPolicy.Load(dir.File("checkpoint"), new Parallelism(2));
        var (batch, state, images) = ObservationFile.Read(dir.File("observation.safetensors"), policy.Config);
        var actual = policy.Predict(batch, state, images);
        using var expectedFile = SafetensorsFile.Open(dir.File("expected.safetensors"));
        var expected = expectedFile.ReadFloat32("action", batch, policy.Config.ChunkSize, policy.Config.ActionDim);
        double max = 0;
        for (int i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        double scale = expected.Max(Math.Abs);
        output.WriteLine($"max |diff| = {max:E3} over {expected.Length} values (max |action| {scale:F3})");
        return max;
    }
}
