namespace Fleet.Node.Recording;

/// <summary>How many episodes to record and how long each part lasts.</summary>
/// <param name="Episodes">Episodes to record (re-recorded ones do not count twice).</param>
/// <param name="EpisodeTime">Length of an episode unless ended early.</param>
/// <param name="ResetTime">Pause between episodes for resetting the scene (exports run meanwhile); none after the last.</param>
/// <param name="Task">The task text of every episode.</param>
public sealed record EpisodePlan(int Episodes, TimeSpan EpisodeTime, TimeSpan ResetTime, string Task)
{
    /// <summary>Checks the plan.</summary>
    /// <exception cref="ArgumentException">A count or time is not positive, or the task is empty.</exception>
    public EpisodePlan Validate()
    {
        if (Episodes < 1) throw new ArgumentException($"--episodes {Episodes} must be at least 1.");
        if (EpisodeTime <= TimeSpan.Zero) throw new ArgumentException($"--episode-time {EpisodeTime.TotalSeconds} must be a positive number of seconds.");
        if (ResetTime < TimeSpan.Zero) throw new ArgumentException($"--reset-time {ResetTime.TotalSeconds} must not be negative.");
        if (string.IsNullOrWhiteSpace(Task)) throw new ArgumentException("--task must not be empty: LeRobot datasets need a task text for every episode (e.g. --task \"pick up the cube\").");
        return this;
    }
}
