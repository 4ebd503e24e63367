namespace Fleet.Messages.Wire.Jpeg;

/// <summary>
/// What a JPEG's headers say, read without decoding anything: its size from the frame header (SOF0/1/2), and the IJG
/// quality (1..100) it was compressed at, estimated from the luminance quantisation table. That is how a camera's
/// MJPEG is judged before it is passed through untouched. The estimate: the table's mean ratio to the JPEG standard's
/// luminance table (ITU T.81 Annex K) is the IJG scale factor, which maps back to a quality; a camera with tables of
/// its own gets the quality whose scaled standard table is closest on average (±2 for IJG-made tables).
/// </summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Quality">The estimated quality, or null without an 8-bit luminance table (table 0) before the first scan.</param>
public sealed record JpegHeader(int Width, int Height, int? Quality)
{
    // The Annex K luminance table in zigzag order, the order a DQT segment stores it in.
    private static readonly byte[] StandardLuminanceZigzag =
    [
        16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40,
        26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61, 60, 57, 51,
        56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87,
        95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99,
    ];

    /// <summary>Reads the headers up to the first scan; null when <paramref name="jpeg"/> is not a JPEG with a frame header there.</summary>
    public static JpegHeader? Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) return null;
        int? quality = null;
        int width = 0, height = 0;
        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF) return null;
            var marker = jpeg[at + 1];
            if (marker == 0xFF) { at++; continue; } // fill byte
            if (marker is 0xD9 or 0xDA) break; // end of image or start of scan: the headers are over
            var length = (jpeg[at + 2] << 8) | jpeg[at + 3];
            if (length < 2 || at + 2 + length > jpeg.Length) return null;
            var segment = jpeg.Slice(at + 4, length - 2);
            if (marker == 0xDB) quality ??= FromTables(segment);
            if (marker is 0xC0 or 0xC1 or 0xC2 && segment.Length >= 5)
            {
                height = (segment[1] << 8) | segment[2];
                width = (segment[3] << 8) | segment[4];
            }
            at += 2 + length;
        }
        return width > 0 && height > 0 ? new JpegHeader(width, height, quality) : null;
    }

    // A DQT segment holds one or more tables: a byte (precision << 4 | id) then 64 values (bytes, or 16-bit words).
    private static int? FromTables(ReadOnlySpan<byte> segment)
    {
        while (segment.Length > 0)
        {
            var precision = segment[0] >> 4;
            var id = segment[0] & 0x0F;
            var size = precision == 0 ? 64 : 128;
            if (segment.Length < 1 + size) return null;
            if (id == 0) return precision == 0 ? FromLuminance(segment.Slice(1, 64)) : null;
            segment = segment[(1 + size)..];
        }
        return null;
    }

    private static int FromLuminance(ReadOnlySpan<byte> table)
    {
        double scale = 0;
        for (var i = 0; i < 64; i++) scale += table[i] * 100.0 / StandardLuminanceZigzag[i];
        scale /= 64;
        // IJG: scale = 5000 / q below quality 50, 200 - 2q from 50 up.
        var quality = scale <= 100 ? (200 - scale) / 2 : 5000 / scale;
        return Math.Clamp((int)Math.Round(quality), 1, 100);
    }
}
