using Fleet.Dataset.Meta;
using Fleet.Dataset.Video;

namespace Fleet.Dataset.Export;

/// <summary>
/// One episode as the recorder collects it: per frame the follower state, the (teleop or policy) action and
/// the task text; per camera the video segment its encoder produced. Timestamps are not stored: LeRobot's
/// timestamp is frame_index / fps, and the encoder already placed frame i at i/fps.
/// </summary>
public sealed class EpisodeBuffer
{
    private readonly List<float> _states = [];
    private readonly List<float> _actions = [];
    private readonly List<string> _tasks = [];
    private readonly Dictionary<string, VideoSegment> _videos = [];

    /// <summary>Creates an empty episode for a dataset of <paramref name="spec"/>.</summary>
    public EpisodeBuffer(DatasetSpec spec) => Spec = spec;

    /// <summary>The dataset spec the frames follow.</summary>
    public DatasetSpec Spec { get; }

    /// <summary>Frames so far.</summary>
    public int Length => _tasks.Count;

    internal IReadOnlyList<float> States => _states;
    internal IReadOnlyList<float> Actions => _actions;
    internal IReadOnlyList<string> Tasks => _tasks;
    internal IReadOnlyDictionary<string, VideoSegment> Videos => _videos;

    /// <summary>Appends a frame.</summary>
    /// <exception cref="ArgumentException">A vector has the wrong length or the task is empty.</exception>
    public void AddFrame(ReadOnlySpan<float> state, ReadOnlySpan<float> action, string task)
    {
        if (state.Length != Spec.StateNames.Count)
            throw new ArgumentException($"Frame {Length}: observation.state has {state.Length} values; the dataset has {Spec.StateNames.Count} ({string.Join(", ", Spec.StateNames)}).");
        if (action.Length != Spec.ActionNames.Count)
            throw new ArgumentException($"Frame {Length}: action has {action.Length} values; the dataset has {Spec.ActionNames.Count}.");
        if (string.IsNullOrWhiteSpace(task)) throw new ArgumentException($"Frame {Length}: the task text is empty.");
        foreach (var v in state) _states.Add(v);
        foreach (var v in action) _actions.Add(v);
        _tasks.Add(task);
    }

    /// <summary>Attaches camera <paramref name="cameraName"/>'s segment; the dataset writer moves it into place and deletes it.</summary>
    /// <exception cref="ArgumentException">The camera is not in the spec.</exception>
    public void SetVideo(string cameraName, VideoSegment segment)
    {
        if (Spec.Cameras.All(c => c.Name != cameraName))
            throw new ArgumentException($"Camera '{cameraName}' is not in the dataset (cameras: {string.Join(", ", Spec.Cameras.Select(c => c.Name))}).");
        _videos[cameraName] = segment;
    }
}
