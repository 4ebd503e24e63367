using Fleet.Actors.Arm;
using Fleet.Messages;

namespace Fleet.Actors.Tests.Arm;

/// <summary>ACT's temporal ensembling as an <see cref="ActionQueue"/> aggregation (<c>aggregate = "temporal_ensemble:M"</c>).</summary>
public class TemporalEnsembleMergeTests
{
    [Theory]
    [InlineData("temporal_ensemble", 0.01)]
    [InlineData("temporal_ensemble:0.05", 0.05)]
    [InlineData("temporal_ensemble:0", 0.0)]
    public void Parse_TemporalEnsemble_GivesTheCoefficient(string name, double coefficient)
    {
        Assert.Equal(coefficient, ChunkAggregation.Parse(name).EnsembleCoefficient);
    }

    [Theory]
    [InlineData("temporal_ensemble:")]
    [InlineData("temporal_ensemble:abc")]
    [InlineData("temporal_ensemble:NaN")]
    public void Parse_BadCoefficient_ThrowsNamingTheForm(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => ChunkAggregation.Parse(name));
        Assert.Contains("temporal_ensemble:M", ex.Message);
    }

    [Fact]
    public void Merge_QueryEveryStep_GivesHandComputedWeightedMeans()
    {
        // chunk 3, 1-D actions, M = ln 2: weights 1, 1/2, 1/4 (the oldest prediction weighs most).
        var queue = new ActionQueue(1, ChunkAggregation.TemporalEnsemble(Math.Log(2)));
        queue.Merge(Chunk(0, 10, 11, 12));
        Assert.Equal(10f, Pop(queue), 5);
        queue.Merge(Chunk(1, 20, 21, 22));
        Assert.Equal((11f + 20f / 2) / 1.5f, Pop(queue), 5);
        queue.Merge(Chunk(2, 30, 31, 32));
        Assert.Equal((12f + 21f / 2 + 30f / 4) / 1.75f, Pop(queue), 4);
    }

    [Fact]
    public void Merge_RandomChunksEveryStep_EqualsTheWeightedMeanOfAllPredictions()
    {
        // Query every step (LeRobot's n_action_steps = 1): each executed action must be Σ w_i·p_i / Σ w_i over the
        // predictions p_0, p_1… made for its timestep, in arrival order, w_i = exp(−M·i), computed here from scratch.
        const int chunkSize = 7, actionDim = 2, steps = 30;
        const double m = 0.3;
        var rng = new Random(5);
        var queue = new ActionQueue(actionDim, ChunkAggregation.TemporalEnsemble(m));
        var predictions = new Dictionary<long, List<float[]>>();
        for (long step = 0; step < steps; step++)
        {
            var values = Enumerable.Range(0, chunkSize * actionDim).Select(_ => (float)(rng.NextDouble() * 200 - 100)).ToArray();
            for (int i = 0; i < chunkSize; i++)
            {
                if (!predictions.TryGetValue(step + i, out var list)) predictions[step + i] = list = [];
                list.Add(values[(i * actionDim)..((i + 1) * actionDim)]);
            }
            queue.Merge(new ActionChunk("arm", step, values, actionDim, DateTimeOffset.UnixEpoch));
            Assert.True(queue.TryPop(out var action));
            Assert.Equal(step, action.Timestep);
            var seen = predictions[step];
            for (int j = 0; j < actionDim; j++)
            {
                double num = 0, den = 0;
                for (int i = 0; i < seen.Count; i++) { num += Math.Exp(-m * i) * seen[i][j]; den += Math.Exp(-m * i); }
                Assert.Equal(num / den, action.Values.Span[j], 3);
            }
        }
    }

    [Fact]
    public void Merge_OtherAggregations_IgnoreHowManyPredictionsAreMerged()
    {
        var queue = new ActionQueue(1, ChunkAggregation.Average);
        queue.Merge(Chunk(0, 0, 0));
        queue.Merge(Chunk(0, 8, 8));
        queue.Merge(Chunk(0, 16, 16));
        Assert.Equal(10f, Pop(queue), 5); // (0+8)/2 = 4, then (4+16)/2 = 10
    }

    private static ActionChunk Chunk(long start, params float[] values) => new("arm", start, values, 1, DateTimeOffset.UnixEpoch);

    private static float Pop(ActionQueue queue)
    {
        Assert.True(queue.TryPop(out var action));
        return action.Values.Span[0];
    }
}
