namespace Fleet.Dataset.Parquet.Reading;

/// <summary>
/// A leaf column of a Parquet file as its footer describes it.
/// </summary>
/// <param name="TopLevelName">The top-level field the leaf belongs to (the column name a user sees).</param>
/// <param name="Path">The full path of the leaf in the schema, e.g. <c>action.list.element</c>.</param>
/// <param name="PhysicalType">Parquet physical type name (<c>INT64</c>, <c>FLOAT</c>, <c>DOUBLE</c>, <c>BYTE_ARRAY</c>…).</param>
/// <param name="IsString">True when the leaf is annotated as UTF-8 text.</param>
/// <param name="MaxDefinitionLevel">Highest definition level.</param>
/// <param name="MaxRepetitionLevel">Highest repetition level: the number of repeated (list) levels.</param>
public sealed record ParquetLeafColumn(string TopLevelName, string Path, string PhysicalType, bool IsString, int MaxDefinitionLevel, int MaxRepetitionLevel)
{
    internal int TypeLength { get; init; }
    internal int[] RepeatedDefinitionLevels { get; init; } = [];
    internal int[] ListDefinitionLevels { get; init; } = [];
    internal int LeafIndex { get; init; }
}
