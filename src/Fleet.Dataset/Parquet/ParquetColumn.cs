namespace Fleet.Dataset.Parquet;

/// <summary>
/// One top-level column of a Parquet file Fleet writes. <see cref="ListLengths"/> describes the list
/// nesting from the outside in: empty for a scalar, one entry per list level otherwise, each entry the
/// fixed length of that level (Arrow <c>fixed_size_list</c>) or <c>null</c> for a variable list.
/// Every level is nullable, as pyarrow writes them: an optional field, then per list level a
/// <c>repeated group list</c> holding an <c>optional element</c>.
/// </summary>
/// <param name="Name">Column name (may contain '/' and '.', as LeRobot's column names do).</param>
/// <param name="Leaf">The type of the innermost values.</param>
/// <param name="ListLengths">List levels, outermost first.</param>
public sealed record ParquetColumn(string Name, LeafType Leaf, IReadOnlyList<int?> ListLengths)
{
    /// <summary>A scalar column.</summary>
    public static ParquetColumn Scalar(string name, LeafType leaf) => new(name, leaf, []);

    /// <summary>A fixed-size list column (Arrow <c>fixed_size_list&lt;item&gt;[length]</c>).</summary>
    public static ParquetColumn FixedList(string name, LeafType leaf, int length) => new(name, leaf, [length]);

    /// <summary>A column of variable lists nested <paramref name="depth"/> deep (Arrow <c>list&lt;item&gt;</c>).</summary>
    public static ParquetColumn List(string name, LeafType leaf, int depth = 1) => new(name, leaf, Enumerable.Repeat<int?>(null, depth).ToArray());

    /// <summary>Columns are equal when name, leaf type and every list level match.</summary>
    public bool Equals(ParquetColumn? other) =>
        other is not null && Name == other.Name && Leaf == other.Leaf && ListLengths.SequenceEqual(other.ListLengths);

    /// <summary>Hash of name, leaf type and nesting depth.</summary>
    public override int GetHashCode() => HashCode.Combine(Name, Leaf, ListLengths.Count);

    /// <summary>Highest repetition level: one per list level.</summary>
    internal int MaxRepetitionLevel => ListLengths.Count;

    /// <summary>Highest definition level: the optional field plus two per list level (repeated group, optional element).</summary>
    internal int MaxDefinitionLevel => 1 + 2 * ListLengths.Count;

    internal PhysicalType Physical => Leaf switch
    {
        LeafType.Int64 => PhysicalType.Int64,
        LeafType.Float => PhysicalType.Float,
        LeafType.Double => PhysicalType.Double,
        _ => PhysicalType.ByteArray,
    };

    /// <summary>The dotted path of the leaf inside the Parquet schema (column metadata <c>path_in_schema</c>).</summary>
    internal IReadOnlyList<string> LeafPath
    {
        get
        {
            var path = new List<string> { Name };
            for (var i = 0; i < ListLengths.Count; i++) { path.Add("list"); path.Add("element"); }
            return path;
        }
    }
}
