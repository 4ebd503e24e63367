namespace Fleet.Dataset.Parquet;

/// <summary>
/// The values of one column for one row group, already shredded into repetition levels, definition levels
/// and leaf values (the Dremel scheme Parquet stores). Rows are appended in order; nothing here is null,
/// so every leaf carries the column's maximum definition level and an empty list carries the level of its
/// list field.
/// </summary>
public sealed class ColumnBuffer
{
    private readonly List<long>? _longs;
    private readonly List<float>? _floats;
    private readonly List<double>? _doubles;
    private readonly List<string>? _strings;

    /// <summary>Creates an empty buffer for <paramref name="column"/>.</summary>
    public ColumnBuffer(ParquetColumn column)
    {
        Column = column;
        switch (column.Leaf)
        {
            case LeafType.Int64: _longs = []; break;
            case LeafType.Float: _floats = []; break;
            case LeafType.Double: _doubles = []; break;
            default: _strings = []; break;
        }
    }

    /// <summary>The column these values belong to.</summary>
    public ParquetColumn Column { get; }

    /// <summary>Rows appended so far.</summary>
    public int RowCount { get; private set; }

    internal List<byte> RepetitionLevels { get; } = [];
    internal List<byte> DefinitionLevels { get; } = [];
    internal List<long> Longs => _longs!;
    internal List<float> Floats => _floats!;
    internal List<double> Doubles => _doubles!;
    internal List<string> Strings => _strings!;

    /// <summary>Number of leaf values (entries that carry a value).</summary>
    internal int ValueCount => Column.Leaf switch
    {
        LeafType.Int64 => _longs!.Count,
        LeafType.Float => _floats!.Count,
        LeafType.Double => _doubles!.Count,
        _ => _strings!.Count,
    };

    /// <summary>Appends a scalar row to an INT64 column.</summary>
    public void Add(long value) { StartScalar(LeafType.Int64); _longs!.Add(value); }

    /// <summary>Appends a scalar row to a FLOAT column.</summary>
    public void Add(float value) { StartScalar(LeafType.Float); _floats!.Add(value); }

    /// <summary>Appends a scalar row to a DOUBLE column.</summary>
    public void Add(double value) { StartScalar(LeafType.Double); _doubles!.Add(value); }

    /// <summary>Appends a scalar row to a STRING column.</summary>
    public void Add(string value) { StartScalar(LeafType.String); _strings!.Add(value); }

    /// <summary>
    /// Appends one row of any nesting: a scalar for a scalar column, an array of the leaf type for a one-level
    /// list (<c>float[]</c>, <c>long[]</c>, <c>double[]</c>, <c>string[]</c>), an array of arrays for two levels, and so on.
    /// </summary>
    /// <exception cref="ArgumentException">The value's shape or type does not match the column, or a fixed-size list has the wrong length.</exception>
    public void AddRow(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Column.ListLengths.Count == 0)
        {
            switch (value)
            {
                case long l: Add(l); break;
                case int i when Column.Leaf == LeafType.Int64: Add((long)i); break;
                case float f: Add(f); break;
                case double d: Add(d); break;
                case string s: Add(s); break;
                default: throw Mismatch(value);
            }
            return;
        }
        Shred(value, level: 0, repetition: 0, definitionBase: 1);
        RowCount++;
    }

    /// <summary>Appends one row to a one-level FLOAT list column without boxing (the hot path of the data file).</summary>
    /// <exception cref="ArgumentException">The column is not a one-level FLOAT list, or the fixed length differs.</exception>
    public void AddList(ReadOnlySpan<float> values)
    {
        if (Column.ListLengths.Count != 1 || Column.Leaf != LeafType.Float)
            throw new ArgumentException($"Column '{Column.Name}' holds {Describe()}, not a list of Float.");
        if (Column.ListLengths[0] is { } n && values.Length != n)
            throw new ArgumentException($"Column '{Column.Name}' is a fixed-size list of {n}; row {RowCount} has {values.Length} values.");
        var maxDef = (byte)Column.MaxDefinitionLevel;
        if (values.IsEmpty) { RepetitionLevels.Add(0); DefinitionLevels.Add(1); }
        for (var i = 0; i < values.Length; i++)
        {
            RepetitionLevels.Add(i == 0 ? (byte)0 : (byte)1);
            DefinitionLevels.Add(maxDef);
            _floats!.Add(values[i]);
        }
        RowCount++;
    }

    private void StartScalar(LeafType leaf)
    {
        if (Column.ListLengths.Count != 0 || Column.Leaf != leaf)
            throw new ArgumentException($"Column '{Column.Name}' holds {Describe()}, not a scalar {leaf}.");
        DefinitionLevels.Add(1);
        RepetitionLevels.Add(0);
        RowCount++;
    }

    private void Shred(object value, int level, int repetition, int definitionBase)
    {
        if (value is not Array array) throw Mismatch(value);
        var fixedLength = Column.ListLengths[level];
        if (fixedLength is { } n && array.Length != n)
            throw new ArgumentException($"Column '{Column.Name}' is a fixed-size list of {n} at level {level + 1}; row {RowCount} has {array.Length} values.");
        if (array.Length == 0)
        {
            RepetitionLevels.Add((byte)repetition);
            DefinitionLevels.Add((byte)definitionBase);
            return;
        }
        var innermost = level == Column.ListLengths.Count - 1;
        for (var i = 0; i < array.Length; i++)
        {
            var rep = i == 0 ? repetition : level + 1;
            var item = array.GetValue(i) ?? throw new ArgumentException($"Column '{Column.Name}' row {RowCount} holds a null; Fleet writes no nulls.");
            if (!innermost) { Shred(item, level + 1, rep, definitionBase + 2); continue; }
            RepetitionLevels.Add((byte)rep);
            DefinitionLevels.Add((byte)(definitionBase + 2));
            AddLeaf(item);
        }
    }

    private void AddLeaf(object item)
    {
        switch (Column.Leaf, item)
        {
            case (LeafType.Int64, long l): _longs!.Add(l); break;
            case (LeafType.Float, float f): _floats!.Add(f); break;
            case (LeafType.Double, double d): _doubles!.Add(d); break;
            case (LeafType.String, string s): _strings!.Add(s); break;
            default: throw Mismatch(item);
        }
    }

    private ArgumentException Mismatch(object value) =>
        new($"Column '{Column.Name}' holds {Describe()}; row {RowCount} got a {value.GetType().Name}.");

    private string Describe() => Column.ListLengths.Count == 0
        ? $"scalar {Column.Leaf}"
        : $"{Column.ListLengths.Count}-level lists of {Column.Leaf}";
}
