namespace Fleet.Hardware.So101;

/// <summary>One reading during range recording: raw present, min and max so far, per motor in motor order.</summary>
public sealed record RangeSample(IReadOnlyList<int> Present, IReadOnlyList<int> Min, IReadOnlyList<int> Max);
