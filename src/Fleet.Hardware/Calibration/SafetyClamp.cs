namespace Fleet.Hardware.Calibration;

/// <summary>
/// The safety limits applied to every goal before it reaches the servos, as a pure function: first LeRobot's
/// <c>max_relative_target</c> (the goal may move at most that far from the present position in one step), then the
/// calibrated range of motion. Works in normalized units (degrees or percent).
/// </summary>
public static class SafetyClamp
{
    /// <summary>
    /// Writes the safe goals into <paramref name="safe"/> and returns how many motors were clamped.
    /// </summary>
    /// <param name="goal">Requested goals, one per motor.</param>
    /// <param name="present">Present positions; required when <paramref name="maxRelativeTarget"/> is set.</param>
    /// <param name="maxRelativeTarget">Largest step per motor (non-negative), or null for no step limit.</param>
    /// <param name="ranges">Allowed (low, high) per motor, e.g. from <see cref="Normalization.NormalizedRange"/>.</param>
    /// <param name="safe">Output, same length as <paramref name="goal"/>.</param>
    /// <exception cref="ArgumentException">Lengths differ, a step limit is negative, or a range is inverted.</exception>
    public static int Apply(ReadOnlySpan<double> goal, ReadOnlySpan<double> present, ReadOnlySpan<double> maxRelativeTarget,
        ReadOnlySpan<(double Low, double High)> ranges, Span<double> safe)
    {
        if (safe.Length != goal.Length || ranges.Length != goal.Length)
            throw new ArgumentException($"Clamp needs one range and one output per goal: {goal.Length} goals, {ranges.Length} ranges, {safe.Length} outputs.");
        if (!maxRelativeTarget.IsEmpty && (maxRelativeTarget.Length != goal.Length || present.Length != goal.Length))
            throw new ArgumentException($"max_relative_target needs one limit and one present position per goal ({goal.Length}).");
        var clamped = 0;
        for (var i = 0; i < goal.Length; i++)
        {
            var g = goal[i];
            if (!maxRelativeTarget.IsEmpty)
            {
                var cap = maxRelativeTarget[i];
                if (cap < 0) throw new ArgumentException($"max_relative_target for motor {i} is {cap}; it must be non-negative.");
                g = present[i] + Math.Clamp(g - present[i], -cap, cap);
            }
            var (low, high) = ranges[i];
            if (low > high) throw new ArgumentException($"Range of motor {i} is inverted: {low} > {high}.");
            g = Math.Clamp(g, low, high);
            if (double.IsNaN(goal[i])) g = double.IsNaN(present.IsEmpty ? double.NaN : present[i]) ? (low + high) / 2 : Math.Clamp(present[i], low, high);
            if (g != goal[i]) clamped++;
            safe[i] = g;
        }
        return clamped;
    }
}
