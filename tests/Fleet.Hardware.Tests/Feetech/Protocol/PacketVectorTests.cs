using Fleet.Hardware.Feetech;
using Fleet.Hardware.Feetech.Protocol;
using Fleet.Hardware.Tests.Infrastructure;

namespace Fleet.Hardware.Tests.Feetech.Protocol;

// Worked byte examples of ../shared/research/feetech_so101.md §1.8, reproduced by the vendor SDK.
public class PacketVectorTests
{
    private readonly byte[] _buffer = new byte[256];

    [Fact]
    public void EncodePing_id1_matches_vendor_bytes() =>
        Assert.Equal("FF FF 01 02 01 FB", Hex.Of(_buffer.AsSpan(0, InstructionPacket.EncodePing(_buffer, 1))));

    [Fact]
    public void EncodePing_broadcast_matches_vendor_bytes() =>
        Assert.Equal("FF FF FE 02 01 FE", Hex.Of(_buffer.AsSpan(0, InstructionPacket.EncodePing(_buffer, 0xFE))));

    [Fact]
    public void EncodeRead_model_number_matches_vendor_bytes() =>
        Assert.Equal("FF FF 01 04 02 03 02 F3", Hex.Of(_buffer.AsSpan(0, InstructionPacket.EncodeRead(_buffer, 1, 3, 2))));

    [Fact]
    public void EncodeWrite_torque_enable_matches_vendor_bytes() =>
        Assert.Equal("FF FF 01 04 03 28 01 CE", Hex.Of(_buffer.AsSpan(0, InstructionPacket.EncodeWrite(_buffer, 1, 40, [1]))));

    [Fact]
    public void EncodeWrite_negative_homing_offset_uses_sign_bit_11()
    {
        Span<byte> value = stackalloc byte[2];
        FeetechBus.EncodeValue(ControlTable.HomingOffset, -1470, value);
        Assert.Equal("FF FF 01 05 03 1F BE 0D 0C", Hex.Of(_buffer.AsSpan(0, InstructionPacket.EncodeWrite(_buffer, 1, 31, value))));
    }

    [Fact]
    public void EncodeSyncRead_present_position_matches_vendor_bytes() =>
        Assert.Equal("FF FF FE 0A 82 38 02 01 02 03 04 05 06 26",
            Hex.Of(_buffer.AsSpan(0, InstructionPacket.EncodeSyncRead(_buffer, 56, 2, [1, 2, 3, 4, 5, 6]))));

    [Fact]
    public void EncodeSyncWrite_goal_position_matches_vendor_bytes()
    {
        int[] goals = [2048, 1000, 3000, 2047, 0, 4095];
        var data = new byte[12];
        for (var i = 0; i < 6; i++) FeetechBus.EncodeValue(ControlTable.GoalPosition, goals[i], data.AsSpan(i * 2, 2));
        var length = InstructionPacket.EncodeSyncWrite(_buffer, 42, 2, [1, 2, 3, 4, 5, 6], data);
        Assert.Equal("FF FF FE 16 83 2A 02 01 00 08 02 E8 03 03 B8 0B 04 FF 07 05 00 00 06 FF 0F 5D", Hex.Of(_buffer.AsSpan(0, length)));
    }

    [Theory]
    [InlineData("FF FF 01 02 00 FC", 1, 0, "")]
    [InlineData("FF FF 01 04 00 09 03 EE", 1, 0, "09 03")]
    [InlineData("FF FF 01 04 00 00 08 F2", 1, 0, "00 08")]
    [InlineData("FF FF 06 04 00 FF 07 EF", 6, 0, "FF 07")]
    public void Decode_vendor_status_replies_yields_id_error_and_data(string hex, byte id, byte error, string data)
    {
        var bytes = Hex.Bytes(hex);
        var step = FrameDecoder.Decode(bytes, PacketKind.Status, false, out var frame, out _, out _);
        Assert.Equal(DecodeStep.Frame, step);
        Assert.Equal(id, frame.Id);
        Assert.Equal(error, frame.Code);
        Assert.Equal(data, Hex.Of(bytes.AsSpan(frame.ParameterOffset, frame.ParameterCount)));
        Assert.Equal(bytes.Length, frame.Length);
    }

    [Theory]
    [InlineData("FF FF 01 02 00 FC", 1, "")]
    [InlineData("FF FF 01 04 00 09 03 EE", 1, "09 03")]
    [InlineData("FF FF 06 04 00 FF 07 EF", 6, "FF 07")]
    public void EncodeStatus_reproduces_vendor_replies(string hex, byte id, string data) =>
        Assert.Equal(hex, Hex.Of(_buffer.AsSpan(0, StatusPacket.Encode(_buffer, id, StatusError.None, data.Length == 0 ? [] : Hex.Bytes(data)))));

    [Fact]
    public void DecodeValue_model_number_reply_is_777() =>
        Assert.Equal(777, FeetechBus.DecodeValue(ControlTable.ModelNumber, Hex.Bytes("09 03")));

    [Fact]
    public void Decode_bad_checksum_skips_one_byte_and_reports_it()
    {
        var step = FrameDecoder.Decode(Hex.Bytes("FF FF 01 02 00 FD"), PacketKind.Status, false, out _, out var skip, out var reason);
        Assert.Equal((DecodeStep.Skip, 1, SkipReason.BadChecksum), (step, skip, reason));
    }

    [Fact]
    public void Decode_truncated_packet_needs_more_then_skips_at_end_of_stream()
    {
        var bytes = Hex.Bytes("FF FF 01 04 00 09");
        Assert.Equal(DecodeStep.NeedMore, FrameDecoder.Decode(bytes, PacketKind.Status, false, out _, out _, out _));
        Assert.Equal(DecodeStep.Skip, FrameDecoder.Decode(bytes, PacketKind.Status, true, out _, out _, out var reason));
        Assert.Equal(SkipReason.Truncated, reason);
    }

    [Theory]
    [InlineData("FF FF FE 02 00 FF", SkipReason.BadId)]
    [InlineData("FF FF 01 01 00 FD", SkipReason.ImpossibleLength)]
    [InlineData("FF FF 01 FF 00 00", SkipReason.ImpossibleLength)]
    [InlineData("FF FF 01 02 80 7C", SkipReason.BadErrorByte)]
    [InlineData("12 34 FF FF 01 02 00 FC", SkipReason.Noise)]
    public void Decode_impossible_status_headers_are_skipped_with_their_reason(string hex, SkipReason expected)
    {
        var step = FrameDecoder.Decode(Hex.Bytes(hex), PacketKind.Status, false, out _, out _, out var reason);
        Assert.Equal((DecodeStep.Skip, expected), (step, reason));
    }
}
