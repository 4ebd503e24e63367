namespace Fleet.Policy.Tensors;

/// <summary>The bounds check every strided-matrix kernel makes before it reads raw pointers.</summary>
internal static class OperandExtent
{
    /// <summary>
    /// Throws when <paramref name="rows"/>×<paramref name="cols"/> values with row stride <paramref name="ld"/> do not
    /// fit in <paramref name="length"/> values (or the stride is shorter than a row); empty matrices always fit.
    /// </summary>
    /// <param name="kernel">The kernel, for the message (e.g. "GEMM", "Attention").</param>
    /// <param name="length">Values in the buffer.</param>
    /// <param name="rows">Rows of the operand.</param>
    /// <param name="cols">Columns of the operand.</param>
    /// <param name="ld">Row stride (leading dimension).</param>
    /// <param name="name">The operand, for the message (e.g. "A", "K").</param>
    /// <exception cref="ArgumentException">The operand does not fit; the message gives the sizes.</exception>
    public static void Check(string kernel, int length, int rows, int cols, int ld, string name)
    {
        if (rows > 0 && cols > 0 && (ld < cols || (long)(rows - 1) * ld + cols > length))
            throw new ArgumentException($"{kernel} operand {name}: {rows}x{cols} with row stride {ld} needs {(long)(rows - 1) * ld + cols} values but the buffer holds {length}.");
    }
}
