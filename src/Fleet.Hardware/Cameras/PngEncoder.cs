using System.Buffers.Binary;
using System.IO.Compression;
using Fleet.Messages;

namespace Fleet.Hardware.Cameras;

/// <summary>
/// Writes an <see cref="ImageFrame"/> as a PNG: 8-bit truecolour (colour type 2), no interlace, one IDAT of
/// zlib-compressed scanlines each prefixed with the Up filter (cheap, and it helps smooth camera images).
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes <paramref name="frame"/> into a new byte array.</summary>
    /// <exception cref="ArgumentException">The frame's buffer does not match its size.</exception>
    public static byte[] Encode(ImageFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        frame.Validate();
        using var png = new MemoryStream();
        png.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, frame.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], frame.Height);
        header[8] = 8;   // bits per channel
        header[9] = 2;   // truecolour
        header[10] = 0;  // deflate
        header[11] = 0;  // adaptive filtering
        header[12] = 0;  // no interlace
        WriteChunk(png, "IHDR"u8, header);
        WriteChunk(png, "IDAT"u8, Compress(frame));
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    /// <summary>Encodes <paramref name="frame"/> into the file <paramref name="path"/> (replacing it).</summary>
    public static async Task WriteFileAsync(ImageFrame frame, string path, CancellationToken cancellationToken)
    {
        var bytes = Encode(frame);
        await File.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Compress(ImageFrame frame)
    {
        int stride = frame.Width * ImageFrame.Channels;
        var pixels = frame.Pixels.Span;
        var line = new byte[stride + 1];
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (int y = 0; y < frame.Height; y++)
            {
                var row = pixels.Slice(y * stride, stride);
                line[0] = 2; // Up: each byte minus the byte above it
                if (y == 0) row.CopyTo(line.AsSpan(1));
                else
                {
                    var above = pixels.Slice((y - 1) * stride, stride);
                    for (int i = 0; i < stride; i++) line[i + 1] = (byte)(row[i] - above[i]);
                }
                zlib.Write(line);
            }
        }
        return output.ToArray();
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(type), data));
        png.Write(word);
    }
}
