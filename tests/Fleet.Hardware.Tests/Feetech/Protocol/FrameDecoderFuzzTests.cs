using Fleet.Hardware.Feetech.Protocol;

namespace Fleet.Hardware.Tests.Feetech.Protocol;

/// <summary>
/// Property test of the decoder over a million random, embedded and mutated streams: it never throws, always makes
/// progress, and finds every intact packet unless a checksum-valid frame made of noise overlaps it.
/// </summary>
public class FrameDecoderFuzzTests
{
    private const int Streams = 1_000_000;

    [Fact]
    public void Decode_million_random_and_mutated_streams_never_throws_and_finds_intact_packets()
    {
        var random = new Random(20261121);
        var stream = new byte[1024];
        var embedded = new List<(int Start, int Length, bool Intact)>();
        var found = new List<(int Start, int Length)>();
        long packets = 0, excused = 0;
        for (var i = 0; i < Streams; i++)
        {
            embedded.Clear();
            var length = Build(random, stream, embedded, (i % 3) switch { 0 => 0, 1 => random.Next(1, 4), _ => random.Next(1, 4) });
            if (i % 3 == 2) length = Mutate(random, stream, length, embedded);
            var kind = i % 7 == 0 ? PacketKind.Instruction : PacketKind.Status;
            DecodeAll(stream.AsSpan(0, length), kind, found);
            foreach (var (start, len, intact) in embedded)
            {
                if (!intact || kind == PacketKind.Instruction) continue;
                packets++;
                if (found.Contains((start, len))) continue;
                Assert.True(found.Exists(f => f.Start < start + len && start < f.Start + f.Length),
                    $"stream {i}: packet at {start} (length {len}) was neither found nor overlapped by a found frame");
                excused++;
            }
        }
        Assert.True(packets > 500_000, $"only {packets} intact packets were checked");
        Assert.True(excused < packets / 500, $"{excused} of {packets} packets were hidden by noise frames; expected a rare event");
    }

    private static void DecodeAll(ReadOnlySpan<byte> data, PacketKind kind, List<(int, int)> found)
    {
        found.Clear();
        var offset = 0;
        var steps = 0;
        while (offset < data.Length)
        {
            Assert.True(++steps <= data.Length + 1, "decoder made no progress");
            var step = FrameDecoder.Decode(data[offset..], kind, endOfStream: true, out var frame, out var skip, out _);
            switch (step)
            {
                case DecodeStep.Frame:
                    var bytes = data.Slice(offset, frame.Length);
                    Assert.Equal(Checksum.Compute(bytes[2..^1]), bytes[^1]);
                    found.Add((offset, frame.Length));
                    offset += frame.Length;
                    break;
                case DecodeStep.Skip:
                    Assert.InRange(skip, 1, data.Length - offset);
                    offset += skip;
                    break;
                default:
                    Assert.Fail("NeedMore at end of stream");
                    break;
            }
        }
    }

    /// <summary>Noise, then packets separated by noise; returns the stream length.</summary>
    private static int Build(Random random, byte[] stream, List<(int, int, bool)> embedded, int packetCount)
    {
        var at = Noise(random, stream, 0, random.Next(0, 24));
        Span<byte> data = stackalloc byte[16];
        for (var p = 0; p < packetCount; p++)
        {
            random.NextBytes(data);
            var dataLength = random.Next(0, 9);
            var id = (byte)random.Next(0, 0xFE);
            var length = StatusPacket.Encode(stream.AsSpan(at), id, (StatusError)(random.Next(0, 0x80) & 0x3F), data[..dataLength]);
            embedded.Add((at, length, true));
            at += length;
            at = Noise(random, stream, at, random.Next(0, 16));
        }
        return at;
    }

    private static int Noise(Random random, byte[] stream, int at, int count)
    {
        for (var i = 0; i < count; i++) stream[at + i] = random.Next(5) == 0 ? (byte)0xFF : (byte)random.Next(256);
        return at + count;
    }

    /// <summary>
    /// One mutation: flip a byte, delete a run (truncating a packet), or insert random bytes. Packets the mutation
    /// touches stop counting as intact; packets after it shift with the stream.
    /// </summary>
    private static int Mutate(Random random, byte[] stream, int length, List<(int Start, int Length, bool Intact)> embedded)
    {
        if (length == 0) return 0;
        var position = random.Next(length);
        switch (random.Next(3))
        {
            case 0:
                stream[position] ^= (byte)random.Next(1, 256);
                Touch(embedded, position, position + 1, 0);
                return length;
            case 1:
                var cut = Math.Min(random.Next(1, 8), length - position);
                Array.Copy(stream, position + cut, stream, position, length - position - cut);
                Touch(embedded, position, position + cut, -cut);
                return length - cut;
            default:
                var added = random.Next(1, 8);
                Array.Copy(stream, position, stream, position + added, length - position);
                for (var i = 0; i < added; i++) stream[position + i] = (byte)random.Next(256);
                Touch(embedded, position, position + 1, added, insertion: true);
                return length + added;
        }
    }

    private static void Touch(List<(int Start, int Length, bool Intact)> embedded, int from, int to, int shift, bool insertion = false)
    {
        for (var i = 0; i < embedded.Count; i++)
        {
            var (start, len, intact) = embedded[i];
            // An insertion at a packet's first byte leaves it whole, just later in the stream.
            var hit = insertion ? from > start && from < start + len : from < start + len && start < to;
            if (hit) embedded[i] = (start, len, false);
            else if (start >= from) embedded[i] = (start + shift, len, intact);
        }
    }
}
