using Fleet.Dataset.Journal;
using Fleet.Dataset.Video;
using Fleet.Node.Config;

namespace Fleet.Node.Recording;

/// <summary>The section <c>fleet.recording</c>, bound and checked (see hocon/fleet.conf).</summary>
/// <param name="Journal">SQLite journal file; a relative path lies inside the dataset's <c>.fleet</c> folder.</param>
/// <param name="JournalEngine"><c>sqlite</c> or <c>postgres</c>.</param>
/// <param name="PostgresConnection">Npgsql connection string when the engine is postgres.</param>
/// <param name="Video">Encoder settings from <c>video-codec</c> and <c>encoder-queue</c>.</param>
/// <param name="Writer">Journal batching.</param>
/// <param name="Episodes">Default episode count of <c>fleet record</c>.</param>
/// <param name="EpisodeTime">Default episode length.</param>
/// <param name="ResetTime">Default reset period between episodes.</param>
/// <param name="Voice">Speak prompts with espeak-ng when installed.</param>
public sealed record RecordingSettings(
    string Journal, string JournalEngine, string PostgresConnection, VideoEncoderOptions Video, JournalWriterOptions Writer,
    int Episodes, TimeSpan EpisodeTime, TimeSpan ResetTime, bool Voice)
{
    /// <summary>Reads <c>fleet.recording</c>.</summary>
    /// <exception cref="ConfigException">A bad value, named with its file:line.</exception>
    public static RecordingSettings FromConfig(FleetConfig config)
    {
        const string s = "fleet.recording.";
        var engine = config.GetString(s + "journal-engine");
        if (engine is not ("sqlite" or "postgres"))
            throw new ConfigException.BadValue(config.OriginOf(s + "journal-engine"), s + "journal-engine", $"\"{engine}\" is not a journal engine; use \"sqlite\" or \"postgres\"");
        var connection = config.HasPath(s + "postgres-connection") ? config.GetString(s + "postgres-connection") : "";
        if (engine == "postgres" && string.IsNullOrWhiteSpace(connection))
            throw new ConfigException.BadValue(config.OriginOf(s + "postgres-connection"), s + "postgres-connection",
                "journal-engine is \"postgres\" but no connection string is set; set it (or FLEET_JOURNAL_POSTGRES), e.g. \"Host=db;Database=fleet;Username=fleet\"");
        var codec = config.GetString(s + "video-codec");
        var video = codec switch
        {
            "av1" => VideoEncoderOptions.Av1,
            "h264" => VideoEncoderOptions.H264,
            _ => throw new ConfigException.BadValue(config.OriginOf(s + "video-codec"), s + "video-codec", $"\"{codec}\" is not a video codec; use \"av1\" or \"h264\""),
        };
        video = video with { QueueFrames = Positive(config, s + "encoder-queue") };
        var writer = new JournalWriterOptions(Positive(config, s + "writer.max-batch"), config.GetDuration(s + "writer.max-delay"), Positive(config, s + "writer.capacity"));
        return new RecordingSettings(config.GetString(s + "journal"), engine, connection, video, writer, Positive(config, s + "episodes"),
            config.GetDuration(s + "episode-time"), config.GetDuration(s + "reset-time"), config.GetBoolean(s + "voice"));
    }

    /// <summary>The journal file for a dataset folder: <see cref="Journal"/>, or inside <c>&lt;dataset&gt;/.fleet</c> when relative.</summary>
    /// <param name="datasetRoot">The dataset folder.</param>
    public string JournalPathFor(string datasetRoot) =>
        Path.IsPathRooted(Journal) ? Journal : Path.Combine(datasetRoot, ".fleet", Journal);

    private static int Positive(FleetConfig config, string path)
    {
        var value = config.GetInt(path);
        return value >= 1 ? value : throw new ConfigException.BadValue(config.OriginOf(path), path, $"{value} must be at least 1");
    }
}
