using System.Buffers.Binary;
using System.Text;

namespace Fleet.Dataset.Journal;

/// <summary>
/// Encodes a <see cref="FrameRecord"/> as the journal payload with manifest <see cref="ManifestV1"/>
/// and decodes it back, checking every length against the remaining bytes first.
/// </summary>
/// <remarks>
/// <para>Layout of <c>frame.v1</c>, all little-endian, no padding:</para>
/// <code>
/// offset  size            field
///  0      8  int64        episode index (cross-checked against the row's persistence id)
///  8      8  int64        frame index   (cross-checked against the row's sequence number - 1)
/// 16      8  float64      timestamp, seconds since episode start
/// 24      8  int64        captured-at, UTC ticks (100 ns since 0001-01-01)
/// 32      8  int64        task index
/// 40      2  uint16 n     state length, then n × float32
///  ..     2  uint16 m     action length, then m × float32
///  ..     2  uint16 t     task text UTF-8 byte length, then t bytes
///  ..     1  uint8  c     camera count, then c × (uint8 k key length, k UTF-8 bytes, int64 sequence)
/// </code>
/// <para>The payload must end exactly after the last camera; trailing bytes are an error. A new layout
/// gets a new manifest (<c>frame.v2</c>) and this codec keeps decoding the old one.</para>
/// </remarks>
public static class FrameRecordCodec
{
    /// <summary>Manifest of the current frame payload layout.</summary>
    public const string ManifestV1 = "frame.v1";

    private const int FixedHeaderBytes = 40;

    /// <summary>Encodes <paramref name="frame"/> in the <c>frame.v1</c> layout.</summary>
    /// <param name="frame">The frame to encode.</param>
    /// <returns>The payload bytes.</returns>
    /// <exception cref="ArgumentException">A vector, the task text, a camera key or the camera list is longer than the layout allows.</exception>
    public static byte[] Encode(FrameRecord frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var buffer = new byte[GetEncodedLength(frame)];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt64LittleEndian(span, frame.Episode.EpisodeIndex);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], frame.FrameIndex);
        BinaryPrimitives.WriteDoubleLittleEndian(span[16..], frame.Timestamp);
        BinaryPrimitives.WriteInt64LittleEndian(span[24..], frame.CapturedAt.UtcTicks);
        BinaryPrimitives.WriteInt64LittleEndian(span[32..], frame.TaskIndex);
        var offset = FixedHeaderBytes;
        offset += WriteFloats(span[offset..], frame.State);
        offset += WriteFloats(span[offset..], frame.Action);
        BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], (ushort)Encoding.UTF8.GetByteCount(frame.Task));
        offset += 2;
        offset += Encoding.UTF8.GetBytes(frame.Task, span[offset..]);
        span[offset++] = (byte)frame.Cameras.Count;
        foreach (var camera in frame.Cameras)
        {
            span[offset++] = (byte)Encoding.UTF8.GetByteCount(camera.CameraKey);
            offset += Encoding.UTF8.GetBytes(camera.CameraKey, span[offset..]);
            BinaryPrimitives.WriteInt64LittleEndian(span[offset..], camera.Sequence);
            offset += 8;
        }

        return buffer;
    }

    /// <summary>Decodes a payload read from the journal row of <paramref name="episode"/> with sequence number <paramref name="sequenceNr"/>.</summary>
    /// <param name="episode">The episode named by the row's persistence id.</param>
    /// <param name="sequenceNr">The row's sequence number.</param>
    /// <param name="manifest">The row's manifest; only <see cref="ManifestV1"/> is known.</param>
    /// <param name="payload">The row's payload bytes.</param>
    /// <returns>The decoded frame.</returns>
    /// <exception cref="JournalPayloadException">Unknown manifest, truncated or oversized payload, or indices that disagree with the row.</exception>
    public static FrameRecord Decode(EpisodeKey episode, long sequenceNr, string manifest, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(episode);
        if (manifest != ManifestV1)
        {
            throw new JournalPayloadException(
                $"Journal row {episode.PersistenceId} #{sequenceNr} has manifest '{manifest}', which this Fleet build cannot read " +
                $"(it knows '{ManifestV1}'). The row was written by a newer Fleet or another program; upgrade Fleet to read it.");
        }

        var reader = new PayloadReader(payload, episode, sequenceNr);
        var episodeIndex = reader.Int64("episode index");
        var frameIndex = reader.Int64("frame index");
        if (episodeIndex != episode.EpisodeIndex || frameIndex != sequenceNr - 1)
        {
            throw new JournalPayloadException(
                $"Journal row {episode.PersistenceId} #{sequenceNr} holds episode {episodeIndex} frame {frameIndex}, " +
                $"but the row belongs to episode {episode.EpisodeIndex} frame {sequenceNr - 1}: the row was copied or edited by hand.");
        }

        var timestamp = reader.Double("timestamp");
        var capturedTicks = reader.Int64("captured-at");
        var taskIndex = reader.Int64("task index");
        var state = reader.Floats("state");
        var action = reader.Floats("action");
        var task = reader.Utf8(reader.UInt16("task length"), "task text");
        var cameras = new CameraFrameRef[reader.Byte("camera count")];
        for (var i = 0; i < cameras.Length; i++)
        {
            var key = reader.Utf8(reader.Byte($"camera {i} key length"), $"camera {i} key");
            cameras[i] = new CameraFrameRef(key, reader.Int64($"camera '{key}' sequence"));
        }

        reader.ExpectEnd();
        var capturedAt = new DateTimeOffset(reader.CheckTicks(capturedTicks), TimeSpan.Zero);
        return new FrameRecord(episode, frameIndex, timestamp, capturedAt, state, action, taskIndex, task, cameras);
    }

    private static int GetEncodedLength(FrameRecord frame)
    {
        CheckCount(frame.State.Length, ushort.MaxValue, "state", frame);
        CheckCount(frame.Action.Length, ushort.MaxValue, "action", frame);
        CheckCount(Encoding.UTF8.GetByteCount(frame.Task), ushort.MaxValue, "task text (UTF-8 bytes)", frame);
        CheckCount(frame.Cameras.Count, byte.MaxValue, "camera list", frame);
        var length = FixedHeaderBytes + 2 + (4 * frame.State.Length) + 2 + (4 * frame.Action.Length)
            + 2 + Encoding.UTF8.GetByteCount(frame.Task) + 1;
        foreach (var camera in frame.Cameras)
        {
            var keyBytes = Encoding.UTF8.GetByteCount(camera.CameraKey);
            CheckCount(keyBytes, byte.MaxValue, $"camera key '{camera.CameraKey}' (UTF-8 bytes)", frame);
            length += 1 + keyBytes + 8;
        }

        return length;
    }

    private static void CheckCount(int count, int max, string what, FrameRecord frame)
    {
        if (count > max)
        {
            throw new ArgumentException(
                $"Frame {frame.FrameIndex} of {frame.Episode.PersistenceId}: the {what} has {count} entries; {ManifestV1} allows at most {max}.",
                nameof(frame));
        }
    }

    private static int WriteFloats(Span<byte> destination, float[] values)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[(2 + (4 * i))..], values[i]);
        }

        return 2 + (4 * values.Length);
    }
}
