namespace Fleet.Policy.Checkpoints;

/// <summary>One tensor entry of a safetensors header.</summary>
/// <param name="Name">The tensor's key, e.g. <c>model.action_head.weight</c>.</param>
/// <param name="DType">Element type as stored.</param>
/// <param name="Shape">Dimensions; empty for a scalar.</param>
/// <param name="Begin">Start offset inside the data section (after the header), bytes.</param>
/// <param name="End">End offset (exclusive) inside the data section, bytes.</param>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>Number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The shape written as <c>[a, b, c]</c>, for messages.</summary>
    public string ShapeText => ShapeFormat.Of(Shape);
}

/// <summary>Formats shapes the way errors print them.</summary>
public static class ShapeFormat
{
    /// <summary>Formats a shape as <c>[a, b, c]</c>.</summary>
    public static string Of<T>(IEnumerable<T> shape) => "[" + string.Join(", ", shape) + "]";
}
