using Fleet.Messages;
using Fleet.Policy.Abstractions;

namespace Fleet.Policy.Act;

/// <summary>Turns policy inputs (raw state, RGB byte frames) into the batched fp32 tensors LeRobot policies take.</summary>
public static class ObservationTensors
{
    /// <summary>
    /// Stacks the inputs into state <c>[batch, state_dim]</c> and one <c>[batch, 3, H, W]</c> array per camera of
    /// <paramref name="descriptor"/> (bytes scaled to [0,1], HWC → CHW).
    /// </summary>
    /// <exception cref="PolicyInputException">A state length, camera key or frame size differs from the descriptor.</exception>
    public static (float[] State, List<float[]> Images) FromInputs(IReadOnlyList<PolicyInput> batch, PolicyDescriptor descriptor)
    {
        var state = new float[batch.Count * descriptor.StateDim];
        var images = descriptor.Images.Select(s => new float[batch.Count * 3 * s.Height * s.Width]).ToList();
        for (int b = 0; b < batch.Count; b++)
        {
            var input = batch[b];
            if (input.State.Length != descriptor.StateDim)
                throw new PolicyInputException($"Input {b}: observation.state has {input.State.Length} values; the {descriptor.Type} policy expects [{descriptor.StateDim}].");
            input.State.Span.CopyTo(state.AsSpan(b * descriptor.StateDim));
            for (int c = 0; c < descriptor.Images.Count; c++)
            {
                var spec = descriptor.Images[c];
                if (!input.Images.TryGetValue(spec.Key, out var frame))
                    throw new PolicyInputException($"Input {b}: camera '{spec.Key}' is missing (have: {string.Join(", ", input.Images.Keys)}); the {descriptor.Type} policy expects observation.images.{spec.Key} [3, {spec.Height}, {spec.Width}].");
                if (frame.Height != spec.Height || frame.Width != spec.Width)
                    throw new PolicyInputException($"Input {b}: camera '{spec.Key}' frame is {frame.Height}x{frame.Width}; the {descriptor.Type} policy expects [3, {spec.Height}, {spec.Width}].");
                frame.Validate();
                ToChw(frame.Pixels.Span, spec.Height, spec.Width, images[c].AsSpan(b * 3 * spec.Height * spec.Width, 3 * spec.Height * spec.Width));
            }
        }
        return (state, images);
    }

    /// <summary>HWC RGB bytes to CHW floats in [0,1].</summary>
    public static void ToChw(ReadOnlySpan<byte> hwc, int h, int w, Span<float> chw)
    {
        int plane = h * w;
        for (int i = 0; i < plane; i++)
        {
            chw[i] = hwc[3 * i] / 255f;
            chw[plane + i] = hwc[3 * i + 1] / 255f;
            chw[2 * plane + i] = hwc[3 * i + 2] / 255f;
        }
    }
}
