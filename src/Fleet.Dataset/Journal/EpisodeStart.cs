namespace Fleet.Dataset.Journal;

/// <summary>What the recorder knows when an episode begins.</summary>
/// <param name="Key">Dataset, arm and episode index.</param>
/// <param name="Task">Natural-language task of the episode, e.g. "put the cube in the box".</param>
/// <param name="Fps">Recording rate in frames per second; frame <c>i</c> is at <c>i / Fps</c> seconds.</param>
public sealed record EpisodeStart(EpisodeKey Key, string Task, int Fps);
