using System.Runtime.InteropServices;

namespace Fleet.Messages.Wire.Jpeg;

/// <summary>
/// Encodes RGB frames to JPEG and back through libturbojpeg. Each call opens and closes its own TurboJPEG handle
/// (a handle is not thread-safe and costs microseconds to make), so one codec may be used from any thread.
/// Decoding checks the JPEG header against the dimensions the sender declared before any pixel is written.
/// </summary>
internal static unsafe class JpegCodec
{
    /// <summary>True when libturbojpeg.so.0 can be loaded (install Debian's libturbojpeg0: scripts/setup-cluster.sh).</summary>
    internal static bool IsAvailable { get; } = NativeLibrary.TryLoad(TurboJpegNative.Library, out _);

    /// <summary>Compresses <paramref name="frame"/> (4:2:0, fast DCT) at <paramref name="quality"/> 1..100.</summary>
    internal static byte[] Encode(ImageFrame frame, int quality)
    {
        frame.Validate();
        EnsureAvailable();
        var handle = TurboJpegNative.InitCompress();
        if (handle == 0) throw new WireFormatException("jpeg", "libturbojpeg could not create a compressor (out of memory?).");
        try
        {
            var capacity = TurboJpegNative.BufSize(frame.Width, frame.Height, TurboJpegNative.Subsampling420);
            var buffer = new byte[checked((int)capacity)];
            nuint size = capacity;
            fixed (byte* source = frame.Pixels.Span)
            fixed (byte* destination = buffer)
            {
                var output = destination;
                var rc = TurboJpegNative.Compress2(handle, source, frame.Width, frame.Width * 3, frame.Height,
                    TurboJpegNative.PixelFormatRgb, &output, &size, TurboJpegNative.Subsampling420, quality,
                    TurboJpegNative.FlagNoRealloc | TurboJpegNative.FlagFastDct);
                if (rc != 0) throw new WireFormatException("jpeg", $"libturbojpeg could not compress a {frame.Width}x{frame.Height} frame: {ErrorText(handle)}.");
            }
            return buffer.AsSpan(0, checked((int)size)).ToArray();
        }
        finally
        {
            TurboJpegNative.Destroy(handle);
        }
    }

    /// <summary>
    /// Decompresses <paramref name="jpeg"/> to HWC RGB. Fails with <see cref="WireFormatException"/> when the bytes are
    /// not a JPEG, or when its size differs from <paramref name="width"/>×<paramref name="height"/>.
    /// </summary>
    internal static byte[] Decode(ReadOnlySpan<byte> jpeg, int width, int height, string where)
    {
        EnsureAvailable();
        var handle = TurboJpegNative.InitDecompress();
        if (handle == 0) throw new WireFormatException("jpeg", "libturbojpeg could not create a decompressor (out of memory?).");
        try
        {
            fixed (byte* source = jpeg)
            {
                if (TurboJpegNative.DecompressHeader3(handle, source, (nuint)jpeg.Length, out var w, out var h, out _, out _) != 0)
                    throw new WireFormatException(where, $"the image bytes are not a readable JPEG ({ErrorText(handle)}).");
                if (w != width || h != height)
                    throw new WireFormatException(where, $"the JPEG is {w}x{h} but the message declares {width}x{height}.");
                var pixels = new byte[checked(width * height * 3)];
                fixed (byte* destination = pixels)
                {
                    if (TurboJpegNative.Decompress2(handle, source, (nuint)jpeg.Length, destination, width, width * 3, height,
                            TurboJpegNative.PixelFormatRgb, TurboJpegNative.FlagFastDct) != 0)
                        throw new WireFormatException(where, $"the JPEG could not be decoded ({ErrorText(handle)}).");
                }
                return pixels;
            }
        }
        finally
        {
            TurboJpegNative.Destroy(handle);
        }
    }

    private static void EnsureAvailable()
    {
        if (!IsAvailable)
            throw new DllNotFoundException(
                "libturbojpeg.so.0 is not installed, so JPEG frames cannot be encoded or decoded. Install Debian's libturbojpeg0 " +
                "(scripts/setup-cluster.sh) or set fleet.cluster.wire.image-encoding = raw.");
    }

    private static string ErrorText(nint handle) => Marshal.PtrToStringUTF8(TurboJpegNative.GetErrorStr2(handle)) ?? "no detail";
}
