namespace Fleet.Hardware.Cameras;

/// <summary>
/// The deterministic picture of a <see cref="SyntheticCamera"/>: a colour gradient that scrolls one step per
/// frame, a bar that sweeps across, and the frame's sequence number and time (milliseconds since start) drawn
/// in large digits at the top left, so a recorded or snapped frame says which one it is. The same sequence
/// always gives the same bytes.
/// </summary>
public static class SyntheticPattern
{
    // 3x5 bitmaps of 0-9 and ':' , one row per 3 bits, most significant bit on the left.
    private static readonly ushort[] Glyphs =
    [
        0b111_101_101_101_111, 0b010_110_010_010_111, 0b111_001_111_100_111, 0b111_001_111_001_111,
        0b101_101_111_001_001, 0b111_100_111_001_111, 0b111_100_111_101_111, 0b111_001_010_010_010,
        0b111_101_111_101_111, 0b111_101_111_001_111, 0b000_010_000_010_000,
    ];

    /// <summary>Renders frame <paramref name="sequence"/> (taken <paramref name="elapsedMillis"/> ms after start) into a new RGB buffer.</summary>
    public static byte[] Render(int width, int height, long sequence, long elapsedMillis)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            var row = pixels.AsSpan(y * width * 3, width * 3);
            for (int x = 0; x < width; x++)
            {
                row[x * 3] = (byte)(x * 255 / width + sequence);
                row[x * 3 + 1] = (byte)(y * 255 / height);
                row[x * 3 + 2] = (byte)(128 + sequence * 3);
            }
        }
        int barX = (int)(sequence * 4 % width);
        for (int y = 0; y < height; y++)
            pixels.AsSpan((y * width + barX) * 3, Math.Min(8, width - barX) * 3).Fill(255);
        string label = FormattableString.Invariant($"{sequence}:{elapsedMillis}");
        DrawText(pixels, width, height, label, Math.Max(1, Math.Min(width, height) / 60));
        return pixels;
    }

    private static void DrawText(byte[] pixels, int width, int height, string text, int scale)
    {
        int x0 = scale * 2, y0 = scale * 2;
        foreach (char c in text)
        {
            int glyph = c == ':' ? Glyphs[10] : Glyphs[c - '0'];
            for (int gy = 0; gy < 5; gy++)
                for (int gx = 0; gx < 3; gx++)
                {
                    bool on = (glyph >> ((4 - gy) * 3 + (2 - gx)) & 1) != 0;
                    FillBlock(pixels, width, height, x0 + gx * scale, y0 + gy * scale, scale, on ? (byte)255 : (byte)0);
                }
            x0 += 4 * scale;
        }
    }

    private static void FillBlock(byte[] pixels, int width, int height, int x, int y, int size, byte value)
    {
        for (int dy = 0; dy < size && y + dy < height; dy++)
        {
            int w = Math.Min(size, width - x);
            if (w <= 0) return;
            pixels.AsSpan(((y + dy) * width + x) * 3, w * 3).Fill(value);
        }
    }
}
