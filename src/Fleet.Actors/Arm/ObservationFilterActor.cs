using Fleet.Messages;
using Fleet.Actors.Fleets;

namespace Fleet.Actors.Arm;

/// <summary>
/// Keeps the arm's newest state and each camera's newest frame, and on <see cref="AssembleObservation"/> builds the
/// observation (state + frames + task, stamped with the timestep asked for) and lets the <see cref="ObservationFilter"/>
/// decide whether it is worth sending. Answers <see cref="ObservationAssembled"/>; pushes the cameras' frame times to
/// the arm supervisor every third tick so status can report frame ages.
/// </summary>
public sealed class ObservationFilterActor : ReceiveActor
{
    // Every third state (100 ms at 30 Hz): the reported frame ages are never more than that stale.
    private const int FrameTimesEvery = 3;
    private readonly string _armId;
    private readonly string _task;
    private readonly ObservationFilter _filter;
    private readonly Dictionary<string, ImageFrame> _frames = new(StringComparer.Ordinal);
    private ServoState? _state;
    private long _statesSeen;

    private ObservationFilterActor(string armId, string task, ObservationFilterOptions options)
    {
        _armId = armId;
        _task = task;
        _filter = new ObservationFilter(options);
        Receive<ServoState>(HandleState);
        Receive<FrameCaptured>(f => _frames[f.Camera] = f.Frame);
        Receive<AssembleObservation>(HandleAssemble);
        Receive<GetArmFrames>(_ => Sender.Tell(new ArmFrames(_armId, new Dictionary<string, ImageFrame>(_frames)), Self));
    }

    /// <summary>Props for the filter of arm <paramref name="armId"/>.</summary>
    /// <param name="armId">The arm.</param>
    /// <param name="task">The task text of every observation.</param>
    /// <param name="options">The filter's thresholds.</param>
    public static Props Props(string armId, string task, ObservationFilterOptions options) =>
        Fleet.Actors.Props.Create(() => new ObservationFilterActor(armId, task, options));

    private void HandleState(ServoState state)
    {
        _state = state;
        if (++_statesSeen % FrameTimesEvery == 0 && _frames.Count > 0)
            Context.Parent.Tell(new CameraFrameTimes(_frames.ToDictionary(kv => kv.Key, kv => kv.Value.CapturedAt)), Self);
    }

    private void HandleAssemble(AssembleObservation request)
    {
        if (_state is null)
        {
            Sender.Tell(new ObservationAssembled(null), Self);
            return;
        }
        var observation = new Observation(
            _armId, request.Timestep, DateTimeOffset.UtcNow, _state.Positions, new Dictionary<string, ImageFrame>(_frames), _task, request.MustGo);
        Sender.Tell(new ObservationAssembled(_filter.Admit(observation) ? observation : null), Self);
    }
}
