using Fleet.Policy.Act;

namespace Fleet.Policy.Tests.Act;

public sealed class TemporalEnsemblerTests
{
    [Fact]
    public void Update_ThreeChunks_GivesHandComputedWeightedMeans()
    {
        // chunk 3, 1-D actions, m = ln 2: weights 1, 1/2, 1/4.
        var e = new TemporalEnsembler(Math.Log(2), 3, 1);
        Assert.Equal(10f, e.Update([10, 11, 12])[0], 5);
        // Slot t=1: (11·1 + 20·½)/1.5 = 14.
        Assert.Equal(14f, e.Update([20, 21, 22])[0], 5);
        // Slot t=2: predicted by chunk 1 (12), chunk 2 (21), chunk 3 (30): (12 + 21/2 + 30/4)/1.75 = 17.142857.
        Assert.Equal(30f / 1.75f, e.Update([30, 31, 32])[0], 4);
    }

    [Fact]
    public void Reset_AfterUpdates_StartsFresh()
    {
        var e = new TemporalEnsembler(0.01, 2, 2);
        e.Update([1, 1, 2, 2]);
        e.Reset();
        Assert.Equal([5f, 6f], e.Update([5, 6, 7, 8]));
    }
}
