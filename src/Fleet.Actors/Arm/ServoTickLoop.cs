using Fleet.Hardware.So101;

namespace Fleet.Actors.Arm;

/// <summary>
/// An arm's control tick on its own thread: every 1/fps (drift-free, <see cref="TickClock"/>) it merges the chunks
/// that arrived, pops the action due, writes it (clamped by the follower: max_relative_target and the calibrated
/// range) with SYNC_WRITE Goal_Position, reads Present_Position with SYNC_READ, and publishes a <see cref="ServoState"/>.
/// </summary>
/// <remarks>
/// The tick waits on nothing but the clock and its own bus. Bus faults are retried while the tick's budget lasts
/// (half a period); a tick that still fails leaves the last safe goal in the servos (they hold it) and reports the
/// fault; <see cref="ArmSettings.MaxConsecutiveBusFaults"/> failed ticks in a row end the loop with
/// <see cref="Failure"/> set, which the servo actor escalates. Before the first chunk arrives an empty queue is
/// not counted as starvation (the arm has not started moving).
/// </remarks>
public sealed class ServoTickLoop : IDisposable
{
    private const int MetricsEvery = 15;
    private readonly So101Follower _follower;
    private readonly ChunkInbox _inbox;
    private readonly ActionQueue _queue;
    private readonly Action<ServoState> _publish;
    private readonly string _armId;
    private readonly int _maxFaults;
    private readonly ITickTimeSource _time;
    private readonly double _fps;
    private readonly CancellationTokenSource _stop = new();
    private readonly double[] _goal = new double[6];
    private readonly double[] _present = new double[6];
    private readonly float[] _positions = new float[6];
    // Per-tick budget accounting: how long each tick's work (merge, pop, bus transfers) took, against the period.
    private readonly LatencyHistogram _work = new();
    private long _overBudget;
    private long _merged;
    private bool _goalSent;
    private Thread? _thread;
    private TickClock? _clock;
    private volatile bool _hold;
    private volatile bool _fleetStopped;
    private volatile bool _torqueOffWanted;
    private bool _torqueOff;
    private int _consecutiveFaults;
    private string? _fault;

    /// <summary>Creates the loop; <see cref="Start"/> starts its thread.</summary>
    /// <param name="settings">The arm; its follower must be connected and configured.</param>
    /// <param name="inbox">Where accepted chunks arrive.</param>
    /// <param name="publish">Called on the tick thread after every tick; must not block (it tells an actor).</param>
    public ServoTickLoop(ArmSettings settings, ChunkInbox inbox, Action<ServoState> publish)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _follower = settings.Follower;
        _inbox = inbox ?? throw new ArgumentNullException(nameof(inbox));
        _publish = publish ?? throw new ArgumentNullException(nameof(publish));
        _armId = settings.ArmId;
        _maxFaults = settings.MaxConsecutiveBusFaults;
        _time = settings.TimeSource ?? new StopwatchTimeSource();
        _fps = settings.Fps;
        _queue = new ActionQueue(6, settings.Inference.EffectiveAggregation, settings.ArmId);
    }

    /// <summary>Why the loop gave up (bus faults beyond the bound), or null while it runs or after a clean stop.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Completes when the tick thread has exited.</summary>
    public Task Completion => _completion.Task;

    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Stops (true) or resumes (false) executing actions; the tick keeps reading the arm either way.</summary>
    public bool Hold { get => _hold; set => _hold = value; }

    /// <summary>True while a fleet-wide STOP holds the arm (see <see cref="ApplyFleetStop"/>).</summary>
    public bool FleetStopped => _fleetStopped;

    /// <summary>
    /// A fleet-wide STOP: from the next tick on no action is executed (the servos keep the last goal), independently
    /// of <see cref="Hold"/>; with <paramref name="disableTorque"/> the next tick also disables torque. Only
    /// <see cref="LiftFleetStop"/> ends it.
    /// </summary>
    public void ApplyFleetStop(bool disableTorque)
    {
        if (disableTorque) _torqueOffWanted = true;
        _fleetStopped = true;
    }

    /// <summary>Ends a fleet-wide STOP: the next tick re-enables torque (goal = present position) if it was disabled, and runs actions again unless held.</summary>
    public void LiftFleetStop()
    {
        _torqueOffWanted = false;
        _fleetStopped = false;
    }

    /// <summary>Starts the tick thread (above-normal priority: it is the arm's heartbeat).</summary>
    public void Start()
    {
        if (_thread is not null) throw new InvalidOperationException($"The servo tick of arm '{_armId}' is already running.");
        _thread = new Thread(Run) { IsBackground = true, Name = "servo-tick " + _armId, Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Asks the tick thread to exit after its current tick and waits for it.</summary>
    public void Stop()
    {
        _stop.Cancel();
        if (_thread is { } t && t != Thread.CurrentThread) t.Join();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private void Run()
    {
        try
        {
            // Arms started together would all wake at the same instants; a stable per-arm phase spreads their ticks
            // over the period so many arms on few cores do not queue for the CPU at each deadline.
            _time.WaitUntil(_time.Now + (long)(PhaseOf(_armId) * _time.Frequency / _fps), _stop.Token);
            _clock = new TickClock(_fps, _time);
            while (!_stop.IsCancellationRequested)
            {
                long tick = _clock.WaitNext(_stop.Token);
                long began = _time.Now;
                bool go = RunTick(tick);
                long spent = _time.Now - began;
                _work.Record(spent * 1_000_000 / _time.Frequency);
                if (spent > _time.Frequency / _fps) _overBudget++;
                if (!go) break;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // a requested stop
        }
        catch (Exception e)
        {
            Failure = e;
        }
        finally
        {
            PublishState(_clock?.Metrics.Ticks ?? 0, withMetrics: true);
            _completion.TrySetResult();
        }
    }

    // Returns false when the loop must end (bus faults beyond the bound).
    private bool RunTick(long tick)
    {
        while (_inbox.TryTake(out var chunk))
        {
            _queue.Merge(chunk);
            _merged++;
        }
        _fault = null;
        bool stopped = _fleetStopped;
        if ((stopped && _torqueOffWanted) != _torqueOff) ApplyTorqueForStop(stopped && _torqueOffWanted);
        bool write = false;
        if (!_hold && !stopped && !_torqueOff && (_queue.Count > 0 || _queue.ExecutedCount > 0) && _queue.TryPop(out var action))
        {
            var values = action.Values.Span;
            for (int i = 0; i < _goal.Length; i++) _goal[i] = values[i];
            write = true;
            _goalSent = true;
        }
        long budgetEnd = _time.Now + (long)(_time.Frequency / _fps / 2);
        while (true)
        {
            try
            {
                Transfer(write);
                _consecutiveFaults = 0;
                break;
            }
            catch (IOException e)
            {
                _fault = e.Message;
                if (_time.Now < budgetEnd && !_stop.IsCancellationRequested) continue;
                _consecutiveFaults++;
                break;
            }
        }
        if (_consecutiveFaults >= _maxFaults)
        {
            Failure = new ArmBusFailedException(_armId, _consecutiveFaults, _fault ?? "unknown fault");
            return false;
        }
        PublishState(tick, withMetrics: (tick + 1) % MetricsEvery == 0);
        return true;
    }

    // On the tick thread, the bus's only user: torque off for a STOP that asks for it; back on (holding where the arm
    // now is, so it does not jump to an old goal) once the STOP is lifted. A bus fault is retried on the next tick.
    private void ApplyTorqueForStop(bool off)
    {
        if (off == _torqueOff) return;
        try
        {
            if (off)
            {
                _follower.DisableTorqueAsync(CancellationToken.None, retries: 3).GetAwaiter().GetResult();
            }
            else
            {
                _follower.ReadPositionsAsync(_present, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                Array.Copy(_present, _goal, _goal.Length);
                _follower.SendActionAsync(_goal, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                _follower.EnableTorqueAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            _torqueOff = off;
        }
        catch (IOException e)
        {
            _fault = $"could not turn torque {(off ? "off" : "on")} for the fleet STOP: {e.Message}";
        }
    }

    private void Transfer(bool write)
    {
        if (write) _follower.SendActionAsync(_goal, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _follower.ReadPositionsAsync(_present, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        for (int i = 0; i < _present.Length; i++) _positions[i] = (float)_present[i];
    }

    /// <summary>A stable fraction in [0, 1) derived from the arm's id (FNV-1a), the arm's tick phase within a period.</summary>
    public static double PhaseOf(string armId)
    {
        uint hash = 2166136261;
        foreach (char c in armId) hash = (hash ^ c) * 16777619;
        return (hash % 1000) / 1000.0;
    }

    private void PublishState(long tick, bool withMetrics)
    {
        _publish(new ServoState(
            _armId, tick, _queue.NextTimestep, _queue.Count, _positions.ToArray(), _queue.ExecutedCount, _queue.StarvationTicks,
            _merged, _hold, _fault, withMetrics ? _clock?.Metrics.Snapshot() : null,
            withMetrics ? new TickBudget(TimeSpan.FromMicroseconds(_work.Percentile(50)), TimeSpan.FromMicroseconds(_work.Percentile(99)),
                TimeSpan.FromMicroseconds(_work.MaxMicros), _overBudget) : null)
        {
            // Recording hook: the tick's action (see ServoState.Goal).
            Goal = _goalSent ? Array.ConvertAll(_goal, g => (float)g) : _positions.ToArray(),
        });
    }
}
