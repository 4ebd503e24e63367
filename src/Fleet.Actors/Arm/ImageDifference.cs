using Fleet.Messages;

namespace Fleet.Actors.Arm;

/// <summary>A cheap measure of how much a camera image changed, for the observation filter.</summary>
public static class ImageDifference
{
    /// <summary>
    /// Mean absolute difference per channel (0–255) between two frames, sampled on a grid of at most
    /// <paramref name="sampleWidth"/> × <paramref name="sampleHeight"/> pixels (nearest pixel, no filtering).
    /// Frames of different sizes count as completely changed (255).
    /// </summary>
    public static double MeanAbsolute(ImageFrame a, ImageFrame b, int sampleWidth, int sampleHeight)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Width != b.Width || a.Height != b.Height) return 255;
        int cols = Math.Min(sampleWidth, a.Width), rows = Math.Min(sampleHeight, a.Height);
        var pa = a.Pixels.Span;
        var pb = b.Pixels.Span;
        long sum = 0;
        for (int r = 0; r < rows; r++)
        {
            int y = (int)((long)r * a.Height / rows);
            for (int c = 0; c < cols; c++)
            {
                int x = (int)((long)c * a.Width / cols);
                int o = (y * a.Width + x) * ImageFrame.Channels;
                sum += Math.Abs(pa[o] - pb[o]) + Math.Abs(pa[o + 1] - pb[o + 1]) + Math.Abs(pa[o + 2] - pb[o + 2]);
            }
        }
        return sum / (3.0 * rows * cols);
    }
}
