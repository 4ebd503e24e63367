using Fleet.Dataset.Export;

namespace Fleet.Dataset.Tests.Export;

public class ChunkFileTests
{
    [Fact]
    public void Next_LastFileOfChunk_StartsNextChunk() => Assert.Equal(new ChunkFile(1, 0), new ChunkFile(0, 999).Next(1000));

    [Fact]
    public void Next_MidChunk_AdvancesFile() => Assert.Equal(new ChunkFile(0, 6), new ChunkFile(0, 5).Next(1000));

    [Fact]
    public void RelativePath_PadsToThreeDigitsAndGrowsPastThem()
    {
        Assert.Equal("chunk-000/file-007.parquet", new ChunkFile(0, 7).RelativePath(".parquet"));
        Assert.Equal("chunk-1234/file-000.mp4", new ChunkFile(1234, 0).RelativePath(".mp4"));
    }
}
