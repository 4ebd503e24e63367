using Fleet.Messages;

namespace Fleet.Hardware.Cameras;

/// <summary>The newest frame of a camera and how old it was when read.</summary>
/// <param name="Frame">The frame; immutable.</param>
/// <param name="Age">Time from capture to the read; grows without bound while a camera is stalled.</param>
public readonly record struct CameraReading(ImageFrame Frame, TimeSpan Age);
