namespace Fleet.Policy.Act;

/// <summary>
/// ACT's fixed 2-D sine position embedding of a feature map (not stored in checkpoints). For an h×w map and width
/// D: rows use positions <c>i/(h + 1e-6)·2π</c> (i = 1..h), columns <c>j/(w + 1e-6)·2π</c>; channel k of each
/// D/2-wide half is <c>sin(p/f_k)</c> for even k and <c>cos(p/f_k)</c> for odd k with <c>f_k = 10000^(2⌊k/2⌋/(D/2))</c>.
/// The first half encodes the row, the second the column.
/// </summary>
public static class SinePositionEmbedding2d
{
    /// <summary>Returns the embedding as token rows: <c>[h·w, D]</c>, row-major over (row, column) like the image tokens.</summary>
    public static float[] Tokens(int h, int w, int dim)
    {
        int half = dim / 2;
        var rows = Encode(h, half);
        var cols = Encode(w, half);
        var result = new float[h * w * dim];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var token = result.AsSpan((y * w + x) * dim, dim);
                rows.AsSpan(y * half, half).CopyTo(token);
                cols.AsSpan(x * half, half).CopyTo(token[half..]);
            }
        return result;
    }

    private static float[] Encode(int n, int half)
    {
        var table = new float[n * half];
        for (int i = 0; i < n; i++)
        {
            // fp32 like the reference: position and frequency rounded to float before dividing.
            float pos = (i + 1) / (n + 1e-6f) * (2 * MathF.PI);
            for (int k = 0; k < half; k++)
            {
                float freq = (float)Math.Pow(10000, 2.0 * (k / 2) / half);
                float angle = pos / freq;
                table[i * half + k] = k % 2 == 0 ? MathF.Sin(angle) : MathF.Cos(angle);
            }
        }
        return table;
    }
}
