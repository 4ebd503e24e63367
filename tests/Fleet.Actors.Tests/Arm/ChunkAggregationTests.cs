using Fleet.Actors.Arm;

namespace Fleet.Actors.Tests.Arm;

public class ChunkAggregationTests
{
    [Theory]
    [InlineData("weighted_average", 0.7f)]
    [InlineData("latest_only", 1.0f)]
    [InlineData("average", 0.5f)]
    [InlineData("conservative", 0.3f)]
    [InlineData("weight:0.6", 0.6f)]
    [InlineData("weight:0", 0f)]
    public void Parse_KnownForms_GiveLeRobotsWeights(string name, float newWeight)
    {
        Assert.Equal(newWeight, ChunkAggregation.Parse(name).NewWeight);
    }

    [Theory]
    [InlineData("weighted")]
    [InlineData("weight:1.5")]
    [InlineData("weight:abc")]
    [InlineData("")]
    public void Parse_UnknownName_ThrowsListingTheAcceptedForms(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => ChunkAggregation.Parse(name));
        foreach (var known in ChunkAggregation.KnownNames) Assert.Contains(known, ex.Message);
        Assert.Contains("weight:W", ex.Message);
    }

    [Fact]
    public void Blend_Conservative_KeepsSeventyPercentOfTheOldAction()
    {
        var result = new float[2];
        ChunkAggregation.Conservative.Blend([100, 0], [0, 100], result);
        Assert.Equal(70, result[0], 4);
        Assert.Equal(30, result[1], 4);
    }

    [Fact]
    public void Weighted_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkAggregation.Weighted(-0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkAggregation.Weighted(float.NaN));
    }
}
