namespace Fleet.Policy.Tensors;

/// <summary>
/// The geometry of a batch of channels-last maps stored with a one-pixel zero border: image b's pixel (y, x) of
/// an <c>[h, w]</c> map lives at <c>((b·(h+2) + y+1)·(w+2) + x+1)·c</c>. A 3×3 convolution with padding 1 then reads
/// every tap in bounds, and a layer can write its output straight into the interior of the next layer's input.
/// <see cref="Length"/> includes slack after the last image, because a ragged last GEMM tile reads up to a few
/// pixels past it (the values read there only reach discarded rows).
/// </summary>
/// <param name="Batch">Images.</param>
/// <param name="Height">Interior rows.</param>
/// <param name="Width">Interior columns.</param>
/// <param name="Channels">Values per pixel.</param>
public readonly record struct PaddedNhwc(int Batch, int Height, int Width, int Channels)
{
    /// <summary>Columns including the border.</summary>
    public int PaddedWidth => Width + 2;

    /// <summary>Rows including the border.</summary>
    public int PaddedHeight => Height + 2;

    /// <summary>Values per padded image.</summary>
    public long ImageLength => (long)PaddedHeight * PaddedWidth * Channels;

    /// <summary>Values a buffer must hold: the padded images plus tile slack (three padded rows and 32 pixels).</summary>
    public int Length => checked((int)(Batch * ImageLength + (3L * PaddedWidth + 32) * Channels));

    /// <summary>Offset of interior pixel (y, x) of image b.</summary>
    public long Offset(int b, int y, int x) => b * ImageLength + ((long)(y + 1) * PaddedWidth + x + 1) * Channels;

    /// <summary>Zeroes the border of every image and the slack; the interior is left as it is.</summary>
    public void ClearBorder(Span<float> buffer)
    {
        int rowLength = PaddedWidth * Channels;
        for (int b = 0; b < Batch; b++)
        {
            var image = buffer.Slice((int)(b * ImageLength), (int)ImageLength);
            image[..rowLength].Clear();
            image.Slice((PaddedHeight - 1) * rowLength, rowLength).Clear();
            for (int y = 1; y <= Height; y++)
            {
                image.Slice(y * rowLength, Channels).Clear();
                image.Slice(y * rowLength + (PaddedWidth - 1) * Channels, Channels).Clear();
            }
        }
        buffer[(int)(Batch * ImageLength)..Length].Clear();
    }

    /// <summary>Copies a dense <c>[batch, h, w, c]</c> map into the interior of <paramref name="padded"/>.</summary>
    public void CopyFromDense(ReadOnlySpan<float> dense, Span<float> padded)
    {
        int row = Width * Channels;
        for (int b = 0; b < Batch; b++)
            for (int y = 0; y < Height; y++)
                dense.Slice((b * Height + y) * row, row).CopyTo(padded[(int)Offset(b, y, 0)..]);
    }

    /// <summary>Copies the interior of <paramref name="padded"/> into a dense <c>[batch, h, w, c]</c> map.</summary>
    public void CopyToDense(ReadOnlySpan<float> padded, Span<float> dense)
    {
        int row = Width * Channels;
        for (int b = 0; b < Batch; b++)
            for (int y = 0; y < Height; y++)
                padded.Slice((int)Offset(b, y, 0), row).CopyTo(dense[((b * Height + y) * row)..]);
    }
}
