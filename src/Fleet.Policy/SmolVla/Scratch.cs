namespace Fleet.Policy.SmolVla;

/// <summary>
/// Reusable work buffers for the layers of one forward pass, grown on demand and kept between calls so the
/// denoising loop allocates nothing per step. Not thread-safe: one per model user.
/// </summary>
internal sealed class Scratch
{
    private float[] _normed = [];
    private float[] _gateUp = [];
    private float[] _hidden = [];
    private float[] _projection = [];
    private float[] _attention = [];

    public Span<float> Normed(int length) => Take(ref _normed, length);

    public Span<float> GateUp(int length) => Take(ref _gateUp, length);

    public Span<float> Hidden(int length) => Take(ref _hidden, length);

    public Span<float> Projection(int length) => Take(ref _projection, length);

    public Span<float> Attention(int length) => Take(ref _attention, length);

    private static Span<float> Take(ref float[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new float[length];
        return buffer.AsSpan(0, length);
    }
}
