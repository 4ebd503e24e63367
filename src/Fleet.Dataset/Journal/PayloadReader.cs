using System.Buffers.Binary;
using System.Text;

namespace Fleet.Dataset.Journal;

/// <summary>
/// Reads little-endian fields from a journal payload, checking each length against the bytes left
/// before reading, and names the row, field and offset when the payload is short or malformed.
/// </summary>
internal ref struct PayloadReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private readonly EpisodeKey _episode;
    private readonly long _sequenceNr;
    private int _offset;

    public PayloadReader(ReadOnlySpan<byte> payload, EpisodeKey episode, long sequenceNr)
    {
        _payload = payload;
        _episode = episode;
        _sequenceNr = sequenceNr;
        _offset = 0;
    }

    public long Int64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, field));

    public double Double(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, field));

    public ushort UInt16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));

    public byte Byte(string field) => Take(1, field)[0];

    public float[] Floats(string field)
    {
        var count = UInt16($"{field} length");
        var bytes = Take(4 * count, $"{field} values ({count} × float32)");
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        }

        return values;
    }

    public string Utf8(int byteCount, string field)
    {
        var bytes = Take(byteCount, field);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Fail($"the {field} at byte {_offset - byteCount} is not valid UTF-8");
        }
    }

    public readonly void ExpectEnd()
    {
        if (_offset != _payload.Length)
        {
            throw Fail($"{_payload.Length - _offset} unexpected bytes follow the last field at byte {_offset}");
        }
    }

    public readonly long CheckTicks(long ticks)
    {
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw Fail($"captured-at ticks {ticks} are outside the range of a date");
        }

        return ticks;
    }

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count > _payload.Length - _offset)
        {
            throw Fail($"the {field} needs {count} bytes at byte {_offset} but only {_payload.Length - _offset} remain (payload is {_payload.Length} bytes)");
        }

        var slice = _payload.Slice(_offset, count);
        _offset += count;
        return slice;
    }

    private readonly JournalPayloadException Fail(string what) =>
        new($"Journal row {_episode.PersistenceId} #{_sequenceNr} ({FrameRecordCodec.ManifestV1}) is malformed: {what}. " +
            "The journal file is damaged or was written by another program; recover the episode up to the previous frame or discard it.");
}
