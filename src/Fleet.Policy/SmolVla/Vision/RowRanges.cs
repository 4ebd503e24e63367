using Fleet.Policy.Tensors;

namespace Fleet.Policy.SmolVla.Vision;

/// <summary>Splits a row loop (LayerNorm, bias, GELU passes) into one contiguous range per thread.</summary>
internal static class RowRanges
{
    // Below this many values a pass is cheaper than waking a second thread.
    private const long MinParallelValues = 1 << 15;

    public static void For(Parallelism parallelism, int rows, int width, Action<int, int> body)
    {
        int parts = Math.Min(parallelism.ThreadCount, rows);
        if (parts <= 1 || (long)rows * width < MinParallelValues)
        {
            body(0, rows);
            return;
        }
        parallelism.For(parts, t => body((int)((long)rows * t / parts), (int)((long)rows * (t + 1) / parts)));
    }
}
