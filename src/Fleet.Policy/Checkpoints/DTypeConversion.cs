using System.Buffers.Binary;

namespace Fleet.Policy.Checkpoints;

/// <summary>Widens stored tensor bytes of any safetensors dtype to fp32.</summary>
internal static class DTypeConversion
{
    public static void ToFloat32(ReadOnlySpan<byte> bytes, SafetensorsDType dtype, Span<float> destination)
    {
        int n = destination.Length;
        switch (dtype)
        {
            case SafetensorsDType.F32:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
                break;
            case SafetensorsDType.BF16:
                // bf16 is the top half of an fp32, so widening is a shift and exact.
                for (int i = 0; i < n; i++)
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]) << 16);
                break;
            case SafetensorsDType.F16:
                for (int i = 0; i < n; i++) destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * 2)..]);
                break;
            case SafetensorsDType.F64:
                for (int i = 0; i < n; i++) destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]);
                break;
            default:
                ToFloat32Integer(bytes, dtype, destination);
                break;
        }
    }

    private static void ToFloat32Integer(ReadOnlySpan<byte> bytes, SafetensorsDType dtype, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = dtype switch
            {
                SafetensorsDType.Bool or SafetensorsDType.U8 => bytes[i],
                SafetensorsDType.I8 => (sbyte)bytes[i],
                SafetensorsDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]),
                SafetensorsDType.U16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]),
                SafetensorsDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]),
                SafetensorsDType.U32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]),
                SafetensorsDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 8)..]),
                SafetensorsDType.U64 => BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]),
                _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not an integer dtype"),
            };
        }
    }
}
