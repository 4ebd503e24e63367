using System.Buffers.Binary;
using Fleet.Dataset.Journal;
using Fleet.Dataset.Tests.Journal.Infrastructure;

namespace Fleet.Dataset.Tests.Journal;

public sealed class FrameRecordCodecTests
{
    private static readonly EpisodeKey Episode = new("kitchen", "arm-1", 17);

    [Fact]
    public void Decode_EncodedFrame_ReturnsEqualFrame()
    {
        var frame = TestFrames.Make(Episode, 42);

        var decoded = FrameRecordCodec.Decode(Episode, 43, FrameRecordCodec.ManifestV1, FrameRecordCodec.Encode(frame));

        Assert.Equal(frame, decoded);
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(decoded.Action[3]));
    }

    [Fact]
    public void Encode_KnownFrame_WritesDocumentedLittleEndianLayout()
    {
        var frame = new FrameRecord(
            Episode, 5, 0.5, new DateTimeOffset(630822816000000000, TimeSpan.Zero), [1.5f], [-2f, 0.25f], 3, "go", [new CameraFrameRef("f", 9)]);

        var bytes = FrameRecordCodec.Encode(frame);

        Assert.Equal(40 + 2 + 4 + 2 + 8 + 2 + 2 + 1 + 1 + 1 + 8, bytes.Length);
        Assert.Equal(17, BinaryPrimitives.ReadInt64LittleEndian(bytes));
        Assert.Equal(5, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(0.5, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(16)));
        Assert.Equal(630822816000000000, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(3, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(32)));
        Assert.Equal([1, 0, 0x00, 0x00, 0xC0, 0x3F], bytes[40..46]);
        Assert.Equal([2, 0, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x80, 0x3E], bytes[46..56]);
        Assert.Equal([2, 0, (byte)'g', (byte)'o', 1, 1, (byte)'f', 9, 0, 0, 0, 0, 0, 0, 0], bytes[56..]);
    }

    [Fact]
    public void Decode_EveryTruncation_ThrowsPayloadErrorNamingRowAndField()
    {
        var bytes = FrameRecordCodec.Encode(TestFrames.Make(Episode, 0));

        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<JournalPayloadException>(() => FrameRecordCodec.Decode(Episode, 1, FrameRecordCodec.ManifestV1, bytes.AsSpan(0, length)));
            Assert.Contains("kitchen/arm-1/episode-17 #1", error.Message);
            Assert.Contains("only", error.Message);
        }
    }

    [Fact]
    public void Decode_TrailingBytes_ThrowsPayloadError()
    {
        var bytes = FrameRecordCodec.Encode(TestFrames.Make(Episode, 0)).Append((byte)0).ToArray();

        var error = Assert.Throws<JournalPayloadException>(() => FrameRecordCodec.Decode(Episode, 1, FrameRecordCodec.ManifestV1, bytes));

        Assert.Contains("1 unexpected bytes follow the last field", error.Message);
    }

    [Fact]
    public void Decode_LengthBeyondPayload_ThrowsWithoutAllocatingIt()
    {
        var bytes = FrameRecordCodec.Encode(TestFrames.Make(Episode, 0));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(40), ushort.MaxValue);

        var error = Assert.Throws<JournalPayloadException>(() => FrameRecordCodec.Decode(Episode, 1, FrameRecordCodec.ManifestV1, bytes));

        Assert.Contains("state values (65535 × float32) needs 262140 bytes at byte 42", error.Message);
    }

    [Fact]
    public void Decode_UnknownManifest_ThrowsNamingIt()
    {
        var bytes = FrameRecordCodec.Encode(TestFrames.Make(Episode, 0));

        var error = Assert.Throws<JournalPayloadException>(() => FrameRecordCodec.Decode(Episode, 1, "frame.v2", bytes));

        Assert.Contains("manifest 'frame.v2'", error.Message);
        Assert.Contains("it knows 'frame.v1'", error.Message);
    }

    [Fact]
    public void Decode_RowOfAnotherFrame_ThrowsMismatch()
    {
        var bytes = FrameRecordCodec.Encode(TestFrames.Make(Episode, 4));

        var error = Assert.Throws<JournalPayloadException>(() => FrameRecordCodec.Decode(Episode, 9, FrameRecordCodec.ManifestV1, bytes));

        Assert.Contains("holds episode 17 frame 4", error.Message);
    }

    [Fact]
    public void Decode_InvalidUtf8Task_ThrowsPayloadError()
    {
        var frame = TestFrames.Make(Episode, 0) with { State = [], Action = [], Task = "ab", Cameras = [] };
        var bytes = FrameRecordCodec.Encode(frame);
        bytes[^2] = 0xFF;

        var error = Assert.Throws<JournalPayloadException>(() => FrameRecordCodec.Decode(Episode, 1, FrameRecordCodec.ManifestV1, bytes));

        Assert.Contains("task text", error.Message);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Fact]
    public void Encode_TooManyCameras_ThrowsArgumentError()
    {
        var cameras = Enumerable.Range(0, 256).Select(i => new CameraFrameRef($"c{i}", i)).ToArray();
        var frame = TestFrames.Make(Episode, 0) with { Cameras = cameras };

        var error = Assert.Throws<ArgumentException>(() => FrameRecordCodec.Encode(frame));

        Assert.Contains("camera list has 256 entries", error.Message);
    }

    [Fact]
    public void Decode_RandomCorruption_NeverThrowsAnythingButPayloadError()
    {
        // Bounded fuzz: flip bytes of valid payloads; decoding must succeed or fail with a payload error, never crash.
        var random = new Random(5);
        var original = FrameRecordCodec.Encode(TestFrames.Make(Episode, 3));
        for (var round = 0; round < 20_000; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            try
            {
                FrameRecordCodec.Decode(Episode, 4, FrameRecordCodec.ManifestV1, bytes);
            }
            catch (JournalPayloadException)
            {
            }
        }
    }
}
