using Fleet.Dataset.Journal;

namespace Fleet.Dataset.Tests.Journal;

public sealed class EpisodeKeyTests
{
    [Fact]
    public void PersistenceId_ValidKey_IsDatasetArmAndEpisode()
    {
        Assert.Equal("kitchen/arm-1/episode-17", new EpisodeKey("kitchen", "arm-1", 17).PersistenceId);
        Assert.Equal(new EpisodeKey("kitchen", "arm-1", 17), new EpisodeKey("kitchen", "arm-1", 17));
    }

    [Theory]
    [InlineData("", "arm-1", 0, "dataset")]
    [InlineData("a/b", "arm-1", 0, "dataset")]
    [InlineData("kitchen", " ", 0, "armId")]
    [InlineData("kitchen", "arm/1", 0, "armId")]
    [InlineData("kitchen", "arm-1", -1, "episodeIndex")]
    public void Constructor_InvalidPart_ThrowsNamingIt(string dataset, string arm, long index, string parameter)
    {
        var error = Assert.Throws<ArgumentException>(() => new EpisodeKey(dataset, arm, index));

        Assert.Equal(parameter, error.ParamName);
    }
}
