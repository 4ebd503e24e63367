namespace Fleet.Hardware.Cameras;

/// <summary>
/// INTERNAL API. Splits a Motion-JPEG byte stream (what <c>ffmpeg -c:v copy -f mjpeg</c> writes for a V4L2 MJPEG camera:
/// whole JPEGs back to back) into one JPEG per frame. It follows the JPEG structure instead of searching for the end
/// marker's bytes: marker segments are skipped by their length, and in entropy-coded data a 0xFF is only a marker
/// when the next byte is neither 0x00 (a stuffed byte) nor a restart marker, so an embedded thumbnail or stray bytes
/// cannot cut a frame short.
/// </summary>
/// <param name="stream">The stream to read; not disposed here.</param>
/// <param name="maxFrameBytes">Largest JPEG accepted; a bigger one means the stream is not what it should be.</param>
internal sealed class MjpegFrameReader(Stream stream, int maxFrameBytes)
{
    private byte[] _buffer = new byte[Math.Min(maxFrameBytes, 256 * 1024)];
    private int _start, _end;

    /// <summary>The next whole JPEG, or null at the end of the stream between frames.</summary>
    /// <exception cref="InvalidDataException">The stream is not MJPEG, ends inside a frame, or a frame exceeds the limit.</exception>
    public async ValueTask<byte[]?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = FrameLength(_buffer.AsSpan(_start, _end - _start));
            if (length > 0)
            {
                var frame = _buffer.AsSpan(_start, length).ToArray();
                _start += length;
                return frame;
            }
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                return _end == _start ? null : throw new InvalidDataException($"the MJPEG stream ended inside a frame ({_end - _start} bytes of it).");
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= maxFrameBytes)
                throw new InvalidDataException($"a JPEG frame is larger than {maxFrameBytes} bytes; the stream is not the camera's MJPEG.");
            Array.Resize(ref _buffer, Math.Min(maxFrameBytes, _buffer.Length * 2));
        }
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }

    // The length of the JPEG at the start of data, or -1 when data holds only part of it.
    internal static int FrameLength(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2) return -1;
        if (data[0] != 0xFF || data[1] != 0xD8)
            throw new InvalidDataException($"expected a JPEG start (FF D8) but found {data[0]:X2} {data[1]:X2}; the stream is not MJPEG.");
        var at = 2;
        while (true)
        {
            if (at + 2 > data.Length) return -1;
            if (data[at] != 0xFF) throw new InvalidDataException($"expected a JPEG marker at byte {at} but found {data[at]:X2}.");
            var marker = data[at + 1];
            if (marker == 0xFF) { at++; continue; } // fill byte
            if (marker == 0xD9) return at + 2; // end of image
            if (marker is >= 0xD0 and <= 0xD7 or 0x01) { at += 2; continue; } // markers without a length
            if (at + 4 > data.Length) return -1;
            var segment = (data[at + 2] << 8) | data[at + 3];
            if (segment < 2) throw new InvalidDataException($"JPEG marker {marker:X2} at byte {at} has an impossible length {segment}.");
            at += 2 + segment;
            if (marker != 0xDA) continue;
            // Start of scan: entropy-coded data runs to the next marker that is not a stuffed byte or a restart.
            while (true)
            {
                if (at >= data.Length) return -1;
                var ff = data[at..].IndexOf((byte)0xFF);
                if (ff < 0 || at + ff + 1 >= data.Length) return -1;
                at += ff;
                var next = data[at + 1];
                if (next == 0x00 || next is >= 0xD0 and <= 0xD7) { at += 2; continue; }
                break;
            }
        }
    }
}
