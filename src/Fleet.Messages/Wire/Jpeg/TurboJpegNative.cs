using System.Runtime.InteropServices;

namespace Fleet.Messages.Wire.Jpeg;

/// <summary>
/// P/Invoke declarations for the TurboJPEG 2.x C API in <c>libturbojpeg.so.0</c> (Debian libturbojpeg0).
/// Declarations only; <see cref="JpegCodec"/> holds the logic. <c>unsigned long</c> is 64-bit on Linux x64, hence <see cref="nuint"/>.
/// </summary>
internal static unsafe partial class TurboJpegNative
{
    internal const string Library = "libturbojpeg.so.0";

    internal const int PixelFormatRgb = 0;      // TJPF_RGB
    internal const int Subsampling420 = 2;      // TJSAMP_420
    internal const int FlagNoRealloc = 1024;    // TJFLAG_NOREALLOC: compress into the caller's buffer
    internal const int FlagFastDct = 2048;      // TJFLAG_FASTDCT
    internal const int FlagFastUpsample = 256;  // TJFLAG_FASTUPSAMPLE
    internal const int FlagAccurateDct = 4096;  // TJFLAG_ACCURATEDCT (below quality 96 TurboJPEG compresses with the fast DCT unless told this)

    [LibraryImport(Library, EntryPoint = "tjInitCompress")]
    internal static partial nint InitCompress();

    [LibraryImport(Library, EntryPoint = "tjInitDecompress")]
    internal static partial nint InitDecompress();

    [LibraryImport(Library, EntryPoint = "tjDestroy")]
    internal static partial int Destroy(nint handle);

    [LibraryImport(Library, EntryPoint = "tjBufSize")]
    internal static partial nuint BufSize(int width, int height, int subsampling);

    [LibraryImport(Library, EntryPoint = "tjCompress2")]
    internal static partial int Compress2(nint handle, byte* source, int width, int pitch, int height, int pixelFormat,
        byte** jpegBuffer, nuint* jpegSize, int subsampling, int quality, int flags);

    [LibraryImport(Library, EntryPoint = "tjDecompressHeader3")]
    internal static partial int DecompressHeader3(nint handle, byte* jpegBuffer, nuint jpegSize,
        out int width, out int height, out int subsampling, out int colorspace);

    [LibraryImport(Library, EntryPoint = "tjDecompress2")]
    internal static partial int Decompress2(nint handle, byte* jpegBuffer, nuint jpegSize, byte* destination,
        int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Library, EntryPoint = "tjGetErrorStr2")]
    internal static partial nint GetErrorStr2(nint handle);
}
