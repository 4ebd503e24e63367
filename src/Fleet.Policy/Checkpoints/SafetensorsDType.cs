namespace Fleet.Policy.Checkpoints;

/// <summary>The element types a safetensors header may declare (its <c>dtype</c> strings).</summary>
public enum SafetensorsDType
{
    /// <summary><c>BOOL</c>: one byte, 0 or 1.</summary>
    Bool,
    /// <summary><c>U8</c>.</summary>
    U8,
    /// <summary><c>I8</c>.</summary>
    I8,
    /// <summary><c>I16</c>, little-endian.</summary>
    I16,
    /// <summary><c>U16</c>, little-endian.</summary>
    U16,
    /// <summary><c>I32</c>, little-endian.</summary>
    I32,
    /// <summary><c>U32</c>, little-endian.</summary>
    U32,
    /// <summary><c>I64</c>, little-endian.</summary>
    I64,
    /// <summary><c>U64</c>, little-endian.</summary>
    U64,
    /// <summary><c>F16</c>: IEEE half precision.</summary>
    F16,
    /// <summary><c>BF16</c>: the upper 16 bits of an IEEE single.</summary>
    BF16,
    /// <summary><c>F32</c>.</summary>
    F32,
    /// <summary><c>F64</c>.</summary>
    F64,
}

/// <summary>Names and sizes of <see cref="SafetensorsDType"/>.</summary>
public static class SafetensorsDTypes
{
    /// <summary>Parses a header dtype string; false for an unknown one.</summary>
    public static bool TryParse(string name, out SafetensorsDType dtype)
    {
        (bool ok, dtype) = name switch
        {
            "BOOL" => (true, SafetensorsDType.Bool),
            "U8" => (true, SafetensorsDType.U8),
            "I8" => (true, SafetensorsDType.I8),
            "I16" => (true, SafetensorsDType.I16),
            "U16" => (true, SafetensorsDType.U16),
            "I32" => (true, SafetensorsDType.I32),
            "U32" => (true, SafetensorsDType.U32),
            "I64" => (true, SafetensorsDType.I64),
            "U64" => (true, SafetensorsDType.U64),
            "F16" => (true, SafetensorsDType.F16),
            "BF16" => (true, SafetensorsDType.BF16),
            "F32" => (true, SafetensorsDType.F32),
            "F64" => (true, SafetensorsDType.F64),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>The header spelling of a dtype.</summary>
    public static string Name(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.Bool => "BOOL",
        _ => dtype.ToString().ToUpperInvariant(),
    };

    /// <summary>Bytes per element.</summary>
    public static int Size(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.Bool or SafetensorsDType.U8 or SafetensorsDType.I8 => 1,
        SafetensorsDType.I16 or SafetensorsDType.U16 or SafetensorsDType.F16 or SafetensorsDType.BF16 => 2,
        SafetensorsDType.I32 or SafetensorsDType.U32 or SafetensorsDType.F32 => 4,
        _ => 8,
    };
}
