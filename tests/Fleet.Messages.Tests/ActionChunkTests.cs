using Fleet.Messages;

namespace Fleet.Messages.Tests;

public class ActionChunkTests
{
    private static ActionChunk Chunk(long start, int length, int dim)
    {
        var values = new float[length * dim];
        for (var i = 0; i < values.Length; i++) values[i] = i;
        return new ActionChunk("arm-1", start, values, dim, DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void Indexer_FirstAction_BelongsToTheStartTimestep()
    {
        var chunk = Chunk(start: 40, length: 3, dim: 2);

        Assert.Equal(3, chunk.Length);
        Assert.Equal(40, chunk[0].Timestep);
        Assert.Equal(new float[] { 0, 1 }, chunk[0].Values.ToArray());
        Assert.Equal(42, chunk[2].Timestep);
        Assert.Equal(new float[] { 4, 5 }, chunk[2].Values.ToArray());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Indexer_OutsideTheChunk_ThrowsNamingTheArm(int index)
    {
        var chunk = Chunk(start: 0, length: 3, dim: 6);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => chunk[index]);
        Assert.Contains("arm-1", error.Message);
    }
}
