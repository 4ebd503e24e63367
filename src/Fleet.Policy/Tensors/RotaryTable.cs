namespace Fleet.Policy.Tensors;

/// <summary>
/// Rotary position embedding with the angles computed in fp32, as LeRobot's SmolVLA/π0 <c>apply_rope</c> does (unlike
/// <see cref="Rope"/>, which uses float64 angles): exponent <c>e_i = (2/d)·i</c>, timescale <c>base^e_i</c>, angle
/// <c>pos / timescale</c>, each rounded to fp32, then fp32 sin and cos. Rotate-half layout: within each head,
/// <c>out[i] = x[i]·cos − x[i+d/2]·sin</c> and <c>out[i+d/2] = x[i+d/2]·cos + x[i]·sin</c>. The table caches cos/sin
/// for positions 0..<see cref="MaxPositions"/>−1; immutable and thread-safe.
/// </summary>
public sealed class RotaryTable
{
    private readonly float[] _cos;
    private readonly float[] _sin;

    /// <summary>Precomputes the angles of positions 0..<paramref name="maxPositions"/>−1 for heads of <paramref name="headDim"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="headDim"/> is odd.</exception>
    public RotaryTable(int headDim, int maxPositions, float theta = 10000f)
    {
        if (headDim % 2 != 0)
            throw new ArgumentException($"Rotary embedding needs an even head width, got {headDim}.", nameof(headDim));
        HeadDim = headDim;
        MaxPositions = maxPositions;
        int half = headDim / 2;
        _cos = new float[maxPositions * half];
        _sin = new float[maxPositions * half];
        float step = (float)(2.0 / headDim);
        for (int i = 0; i < half; i++)
        {
            float timescale = MathF.Pow(theta, step * i);
            for (int p = 0; p < maxPositions; p++)
            {
                float angle = p / timescale;
                _cos[p * half + i] = MathF.Cos(angle);
                _sin[p * half + i] = MathF.Sin(angle);
            }
        }
    }

    /// <summary>Width of one head.</summary>
    public int HeadDim { get; }

    /// <summary>Positions covered by the table.</summary>
    public int MaxPositions { get; }

    /// <summary>Rotates every head of every row of <paramref name="x"/> in place; row r has position <paramref name="positions"/>[r].</summary>
    /// <param name="x">Rows of <paramref name="ld"/> values; the heads occupy the first <c>heads·HeadDim</c> columns.</param>
    /// <param name="ld">Row stride.</param>
    /// <param name="heads">Heads per row.</param>
    /// <param name="positions">One position per row.</param>
    /// <exception cref="ArgumentOutOfRangeException">A position is negative or beyond the table.</exception>
    public void Apply(Span<float> x, int ld, int heads, ReadOnlySpan<int> positions)
    {
        int half = HeadDim / 2;
        for (int r = 0; r < positions.Length; r++)
        {
            int p = positions[r];
            if ((uint)p >= (uint)MaxPositions)
                throw new ArgumentOutOfRangeException(nameof(positions), p, $"Rotary position {p} (row {r}) is outside the table of {MaxPositions} positions.");
            var cos = _cos.AsSpan(p * half, half);
            var sin = _sin.AsSpan(p * half, half);
            for (int h = 0; h < heads; h++)
            {
                var head = x.Slice(r * ld + h * HeadDim, HeadDim);
                for (int i = 0; i < half; i++)
                {
                    float a = head[i], b = head[i + half];
                    head[i] = a * cos[i] - b * sin[i];
                    head[i + half] = b * cos[i] + a * sin[i];
                }
            }
        }
    }
}
