using Fleet.Hardware.Feetech;
using Fleet.Hardware.Feetech.Protocol;

namespace Fleet.Hardware.Simulation;

/// <summary>
/// One simulated STS3215: its control table and a simple joint. With torque on, the physical position moves toward
/// the goal under the velocity and acceleration limits; with torque off it stays put, or follows
/// <see cref="HandMotion"/> (a person moving a leader arm). Feedback registers are refreshed on every read.
/// </summary>
/// <remarks>
/// Positions follow Feetech's rule Present_Position = physical − Homing_Offset, wrapped to one turn (0..4095).
/// Enabling torque first sets Goal_Position to the present position so the joint does not jump to a stale goal.
/// Members are called by the simulator thread under its bus lock; test code goes through <see cref="ServoBusSimulator"/>.
/// </remarks>
public sealed class SimulatedServo
{
    private const double MaxSpeedTicksPerSecond = 3400;
    private const double UnlimitedAcceleration = 1e7;
    private readonly ServoMemory _memory;
    private double _physical;
    private double _velocity;
    private double _lastSeconds;

    internal SimulatedServo(byte id, double physicalPosition, double nowSeconds)
    {
        _memory = new ServoMemory(id);
        _physical = physicalPosition;
        _lastSeconds = nowSeconds;
    }

    /// <summary>The current bus id (changes when the host writes the ID register).</summary>
    public byte Id => (byte)_memory.Get(ControlTable.Id);

    /// <summary>The baud rate the servo listens at, from its Baud_Rate register.</summary>
    public int BaudRate => BaudRateTable.RateForCode(_memory.Get(ControlTable.BaudRate)) ?? BaudRateTable.Default;

    /// <summary>Physical shaft position in ticks (before the homing offset), for assertions.</summary>
    public double PhysicalPosition => _physical;

    /// <summary>Error flags this servo reports in every reply and in its Status register (fault injection).</summary>
    public StatusError InjectedError { get; set; }

    /// <summary>When set and torque is off, the physical position follows this function of time in seconds.</summary>
    public Func<double, double>? HandMotion { get; set; }

    /// <summary>Reads a register value as the host would see it.</summary>
    public int Get(Register register) => _memory.Get(register);

    /// <summary>Sets a register directly, bypassing the bus (test and scenario setup).</summary>
    public void Set(Register register, int value) => _memory.Set(register, value);

    /// <summary>Moves the shaft by hand (torque off), in physical ticks.</summary>
    public void SetPhysicalPosition(double ticks) => _physical = ticks;

    /// <summary>Simulates a power cycle: SRAM resets, EPROM reverts to what was saved while Lock was 0.</summary>
    public void PowerCycle() => _memory.PowerCycle();

    internal void Read(int address, int length, Span<byte> destination, double nowSeconds)
    {
        Advance(nowSeconds);
        RefreshFeedback();
        _memory.Slice(address, length).CopyTo(destination);
    }

    internal void Write(int address, ReadOnlySpan<byte> data, double nowSeconds)
    {
        Advance(nowSeconds);
        var torqueWasOn = _memory.Get(ControlTable.TorqueEnable) != 0;
        for (var i = 0; i < data.Length; i++)
        {
            var a = address + i;
            if (IsReadOnly(a)) continue;
            _memory.Store(a, data.Slice(i, 1));
        }
        if (!torqueWasOn && _memory.Get(ControlTable.TorqueEnable) != 0 && !Covers(address, data.Length, ControlTable.GoalPosition))
            _memory.Set(ControlTable.GoalPosition, PresentPosition());
    }

    private static bool Covers(int address, int length, Register r) => address <= r.Address && address + length >= r.Address + r.Size;

    private static bool IsReadOnly(int address) =>
        address is >= 0 and <= 4 || address is >= 56 and <= 70 || address is 71 or 72;

    private void Advance(double nowSeconds)
    {
        var dt = nowSeconds - _lastSeconds;
        _lastSeconds = nowSeconds;
        if (dt <= 0) return;
        if (_memory.Get(ControlTable.TorqueEnable) == 0)
        {
            _velocity = 0;
            if (HandMotion is { } motion) _physical = motion(nowSeconds);
            return;
        }
        var target = PhysicalGoal();
        var maxSpeed = _memory.Get(ControlTable.GoalVelocity) is var v and > 0 ? Math.Min(Math.Abs(v), MaxSpeedTicksPerSecond) : MaxSpeedTicksPerSecond;
        var accel = _memory.Get(ControlTable.Acceleration) is var a and > 0 ? a * 100.0 : UnlimitedAcceleration;
        // Integrate in steps of at most 1 ms so long gaps between reads stay accurate.
        while (dt > 0)
        {
            var step = Math.Min(dt, 0.001);
            dt -= step;
            var error = target - _physical;
            var stopping = Math.Sqrt(2 * accel * Math.Abs(error));
            var desired = Math.Sign(error) * Math.Min(maxSpeed, stopping);
            var change = Math.Clamp(desired - _velocity, -accel * step, accel * step);
            _velocity += change;
            var move = _velocity * step;
            if (Math.Abs(move) >= Math.Abs(error)) { _physical = target; _velocity = 0; }
            else _physical += move;
        }
    }

    private double PhysicalGoal()
    {
        var goal = _memory.Get(ControlTable.GoalPosition);
        var min = _memory.Get(ControlTable.MinPositionLimit);
        var max = _memory.Get(ControlTable.MaxPositionLimit);
        if (max > min) goal = Math.Clamp(goal, min, max);
        var presentNow = PresentPosition();
        // Move the short way in present coordinates, then map back to the physical shaft.
        return _physical + (goal - presentNow);
    }

    private int PresentPosition()
    {
        var present = (int)Math.Round(_physical) - _memory.Get(ControlTable.HomingOffset);
        return ((present % 4096) + 4096) % 4096;
    }

    private void RefreshFeedback()
    {
        var present = PresentPosition();
        var torqueOn = _memory.Get(ControlTable.TorqueEnable) != 0;
        var following = torqueOn ? _memory.Get(ControlTable.GoalPosition) - present : 0;
        var load = Math.Clamp(following * 2 + (int)(_velocity / 20), -1000, 1000);
        _memory.Set(ControlTable.PresentPosition, present);
        _memory.Set(ControlTable.PresentVelocity, (int)Math.Clamp(Math.Round(_velocity), -32767, 32767));
        _memory.Set(ControlTable.PresentLoad, load);
        _memory.Set(ControlTable.PresentTemperature, 28 + Math.Abs(load) / 100);
        _memory.Set(ControlTable.PresentCurrent, Math.Abs(load) / 2);
        _memory.Set(ControlTable.Moving, Math.Abs(_velocity) > 1 ? 1 : 0);
        _memory.Set(ControlTable.Status, (byte)InjectedError);
        if (!torqueOn) _memory.Set(ControlTable.GoalPosition2, present);
    }
}
