using Fleet.Policy.Abstractions;
using Fleet.Policy.Act;

namespace Fleet.Policy.SmolVla;

/// <summary>Turns policy inputs (raw state, RGB byte frames of any size) into SmolVLA's batched fp32 tensors.</summary>
public static class SmolVlaInputs
{
    /// <summary>
    /// Stacks the inputs into state <c>[batch, state_dim]</c> and one <see cref="CameraImages"/> per camera of
    /// <paramref name="descriptor"/> (bytes scaled to [0, 1], HWC → CHW). Every observation of a batch must carry the
    /// same frame size per camera (the frames are stacked).
    /// </summary>
    /// <exception cref="PolicyInputException">A state length or camera key differs from the descriptor, or frame sizes differ within the batch.</exception>
    public static (float[] State, List<CameraImages> Images) FromInputs(IReadOnlyList<PolicyInput> batch, PolicyDescriptor descriptor)
    {
        var state = new float[batch.Count * descriptor.StateDim];
        for (int b = 0; b < batch.Count; b++)
        {
            if (batch[b].State.Length != descriptor.StateDim)
                throw new PolicyInputException($"Input {b}: observation.state has {batch[b].State.Length} values; the smolvla policy expects [{descriptor.StateDim}].");
            batch[b].State.Span.CopyTo(state.AsSpan(b * descriptor.StateDim));
        }
        var images = new List<CameraImages>();
        foreach (var spec in descriptor.Images)
        {
            int height = 0, width = 0;
            float[] chw = [];
            for (int b = 0; b < batch.Count; b++)
            {
                if (!batch[b].Images.TryGetValue(spec.Key, out var frame))
                    throw new PolicyInputException($"Input {b}: camera '{spec.Key}' is missing (have: {string.Join(", ", batch[b].Images.Keys)}); the smolvla policy expects observation.images.{spec.Key} (any size).");
                try
                {
                    frame.Validate();
                }
                catch (ArgumentException e)
                {
                    throw new PolicyInputException($"Input {b}: camera '{spec.Key}': {e.Message}");
                }
                if (b == 0)
                {
                    (height, width) = (frame.Height, frame.Width);
                    chw = new float[batch.Count * 3 * height * width];
                }
                else if (frame.Height != height || frame.Width != width)
                    throw new PolicyInputException($"Input {b}: camera '{spec.Key}' frame is {frame.Height}x{frame.Width} but input 0's is {height}x{width}; one batch needs one size per camera.");
                ObservationTensors.ToChw(frame.Pixels.Span, height, width, chw.AsSpan(b * 3 * height * width, 3 * height * width));
            }
            images.Add(new CameraImages(chw, height, width));
        }
        return (state, images);
    }
}
