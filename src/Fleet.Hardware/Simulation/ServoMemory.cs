using Fleet.Hardware.Feetech;

namespace Fleet.Hardware.Simulation;

/// <summary>
/// INTERNAL API. The byte image of one simulated STS3215's control table with its EEPROM semantics: EPROM-area writes
/// take effect at once but survive <see cref="PowerCycle"/> only if Lock was 0 when they were written.
/// </summary>
internal sealed class ServoMemory
{
    public const int Size = 256;
    private readonly byte[] _live = new byte[Size];
    private readonly byte[] _persisted = new byte[Size];

    public ServoMemory(byte id)
    {
        Span<(Register Register, int Value)> defaults =
        [
            (ControlTable.FirmwareMajorVersion, 3), (ControlTable.FirmwareMinorVersion, 10), (ControlTable.ModelNumber, ControlTable.Sts3215ModelNumber),
            (ControlTable.Id, id), (ControlTable.BaudRate, 0), (ControlTable.ReturnDelayTime, 0), (ControlTable.ResponseStatusLevel, 1),
            (ControlTable.MinPositionLimit, 0), (ControlTable.MaxPositionLimit, 4095), (ControlTable.MaxTemperatureLimit, 70),
            (ControlTable.MaxVoltageLimit, 80), (ControlTable.MinVoltageLimit, 40), (ControlTable.MaxTorqueLimit, 1000),
            (ControlTable.Phase, 12), (ControlTable.UnloadingCondition, 44), (ControlTable.LedAlarmCondition, 47),
            (ControlTable.PCoefficient, 32), (ControlTable.DCoefficient, 32), (ControlTable.ICoefficient, 0),
            (ControlTable.MinimumStartupForce, 16), (ControlTable.CwDeadZone, 1), (ControlTable.CcwDeadZone, 1),
            (ControlTable.ProtectionCurrent, 500), (ControlTable.AngularResolution, 1), (ControlTable.HomingOffset, 0),
            (ControlTable.OperatingMode, 0), (ControlTable.ProtectiveTorque, 20), (ControlTable.ProtectionTime, 200),
            (ControlTable.OverloadTorque, 80), (ControlTable.VelocityClosedLoopP, 10), (ControlTable.OverCurrentProtectionTime, 200),
            (ControlTable.VelocityClosedLoopI, 10), (ControlTable.TorqueEnable, 0), (ControlTable.Acceleration, 0),
            (ControlTable.TorqueLimit, 1000), (ControlTable.Lock, 0), (ControlTable.MaximumVelocityLimit, 0),
            (ControlTable.MaximumAcceleration, 254), (ControlTable.PresentVoltage, 74), (ControlTable.PresentTemperature, 28),
        ];
        foreach (var (register, value) in defaults) Set(register, value);
        _live.CopyTo(_persisted, 0);
    }

    public int Get(Register register) => FeetechBus.DecodeValue(register, _live.AsSpan(register.Address, register.Size));

    /// <summary>Sets a value directly (factory or scenario state): EPROM values count as saved.</summary>
    public void Set(Register register, int value)
    {
        FeetechBus.EncodeValue(register, value, _live.AsSpan(register.Address, register.Size));
        if (register.Address < ControlTable.TorqueEnable.Address)
            _live.AsSpan(register.Address, register.Size).CopyTo(_persisted.AsSpan(register.Address));
    }

    public ReadOnlySpan<byte> Slice(int address, int length) => _live.AsSpan(address, Math.Min(length, Size - address));

    /// <summary>Stores bytes written by the host; EPROM bytes persist only while Lock is 0.</summary>
    public void Store(int address, ReadOnlySpan<byte> data)
    {
        var persist = _live[ControlTable.Lock.Address] == 0;
        for (var i = 0; i < data.Length && address + i < Size; i++)
        {
            var a = address + i;
            _live[a] = data[i];
            if (persist && a < ControlTable.TorqueEnable.Address) _persisted[a] = data[i];
        }
    }

    /// <summary>Power loss: the SRAM area resets and EPROM reverts to what was persisted.</summary>
    public void PowerCycle()
    {
        Array.Copy(_persisted, _live, ControlTable.TorqueEnable.Address);
        Set(ControlTable.TorqueEnable, 0);
        Set(ControlTable.Lock, 0);
        Set(ControlTable.TorqueLimit, Get(ControlTable.MaxTorqueLimit));
    }
}
