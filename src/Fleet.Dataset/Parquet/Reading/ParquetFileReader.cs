using System.Buffers.Binary;
using Fleet.Dataset.Parquet.Thrift;

namespace Fleet.Dataset.Parquet.Reading;

/// <summary>
/// Reads Parquet files written by Fleet, pyarrow or pandas: the footer, the schema, and whole columns
/// (PLAIN and dictionary encodings, data pages v1 and v2, SNAPPY/GZIP/BROTLI/uncompressed). Used by resume
/// (tasks.parquet) and by <c>fleet dataset verify</c>. The file is read into memory; LeRobot keeps its
/// files near 100 MB.
/// </summary>
public sealed class ParquetFileReader
{
    private static readonly string[] PhysicalNames = ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"];
    private readonly byte[] _file;
    private readonly ThriftStruct _footer;

    private ParquetFileReader(string path, byte[] file, ThriftStruct footer, List<ParquetLeafColumn> leaves)
    {
        Path = path;
        _file = file;
        _footer = footer;
        Leaves = leaves;
        KeyValueMetadata = footer.List(5).OfType<ThriftStruct>()
            .Select(kv => new KeyValuePair<string, string>(kv.String(1, "key"), kv.OptionalString(2) ?? "")).ToList();
        RowGroupRowCounts = footer.List(4).OfType<ThriftStruct>().Select(rg => rg.Int(3, "num_rows")).ToArray();
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Total rows (footer <c>num_rows</c>).</summary>
    public long RowCount => _footer.Int(3, "num_rows");

    /// <summary>Rows of each row group.</summary>
    public IReadOnlyList<long> RowGroupRowCounts { get; }

    /// <summary>Leaf columns in schema order.</summary>
    public IReadOnlyList<ParquetLeafColumn> Leaves { get; }

    /// <summary>Top-level column names in schema order.</summary>
    public IReadOnlyList<string> ColumnNames => Leaves.Select(l => l.TopLevelName).Distinct().ToList();

    /// <summary>Footer key-value metadata, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> KeyValueMetadata { get; }

    /// <summary>Opens and parses the footer of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not Parquet or its footer is corrupt (message names the file).</exception>
    public static async Task<ParquetFileReader> OpenAsync(string path, CancellationToken ct)
    {
        var file = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        if (file.Length < 12 || !file.AsSpan(0, 4).SequenceEqual("PAR1"u8) || !file.AsSpan(file.Length - 4).SequenceEqual("PAR1"u8))
            throw new InvalidDataException($"'{path}' is not a Parquet file (no PAR1 magic at both ends; truncated or still being written?).");
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        if (footerLength <= 0 || footerLength > file.Length - 12)
            throw new InvalidDataException($"'{path}' has a footer length of {footerLength} bytes, impossible for a {file.Length}-byte file.");
        ThriftStruct footer;
        try
        {
            footer = new ThriftCompactReader(file.AsMemory(file.Length - 8 - footerLength, footerLength)).ReadStruct();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}': {e.Message}", e);
        }
        return new ParquetFileReader(path, file, footer, SchemaLeaves(path, footer));
    }

    private static List<ParquetLeafColumn> SchemaLeaves(string path, ThriftStruct footer)
    {
        var elements = footer.List(2).OfType<ThriftStruct>().ToList();
        if (elements.Count == 0) throw new InvalidDataException($"'{path}' has an empty schema.");
        var leaves = new List<ParquetLeafColumn>();
        var index = 1;
        var rootChildren = (int)(elements[0].OptionalInt(5) ?? 0);
        for (var c = 0; c < rootChildren; c++) Walk(elements, ref index, [], 0, 0, [], [], leaves, path);
        return leaves;
    }

    private static void Walk(List<ThriftStruct> elements, ref int index, List<string> path, int def, int rep,
        List<int> repeatedDefs, List<int> listDefs, List<ParquetLeafColumn> leaves, string file)
    {
        if (index >= elements.Count) throw new InvalidDataException($"'{file}': schema ends early.");
        var e = elements[index++];
        var name = e.String(4, "schema name");
        var repetition = e.OptionalInt(3) ?? 0;
        var myPath = new List<string>(path) { name };
        var myRepeatedDefs = new List<int>(repeatedDefs);
        var myListDefs = new List<int>(listDefs);
        if (repetition == 2) { myListDefs.Add(def); def++; rep++; myRepeatedDefs.Add(def); }
        else if (repetition == 1) def++;
        var children = (int)(e.OptionalInt(5) ?? 0);
        if (children == 0)
        {
            var converted = e.OptionalInt(6);
            var logical = e.Struct(10);
            leaves.Add(new ParquetLeafColumn(myPath[0], string.Join('.', myPath), PhysicalNames[(int)e.Int(1, "type")],
                converted == 0 || logical?.Has(1) == true, def, rep)
            {
                TypeLength = (int)(e.OptionalInt(2) ?? 0),
                RepeatedDefinitionLevels = myRepeatedDefs.ToArray(),
                ListDefinitionLevels = myListDefs.ToArray(),
                LeafIndex = leaves.Count,
            });
            return;
        }
        for (var c = 0; c < children; c++) Walk(elements, ref index, myPath, def, rep, myRepeatedDefs, myListDefs, leaves, file);
    }

    /// <summary>The single leaf of top-level column <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such column, or it has several leaves (a struct).</exception>
    public ParquetLeafColumn Leaf(string name)
    {
        var matches = Leaves.Where(l => l.TopLevelName == name).ToList();
        return matches.Count == 1 ? matches[0]
            : throw new KeyNotFoundException($"'{Path}' has no single-leaf column '{name}' (columns: {string.Join(", ", ColumnNames)}).");
    }

    /// <summary>Reads every row of column <paramref name="name"/>; list levels become <see cref="List{T}"/> of object.</summary>
    public IReadOnlyList<object?> ReadRows(string name)
    {
        var leaf = Leaf(name);
        var (rep, def, values) = ColumnReader.ReadLevelsAndValues(_file, _footer, leaf, Path);
        return RowAssembler.Assemble(leaf, rep, def, values);
    }

    /// <summary>Reads a scalar integer column (INT32/INT64); nulls throw.</summary>
    /// <exception cref="InvalidDataException">The column is not a non-null integer scalar.</exception>
    public long[] ReadInt64(string name) => ReadRows(name).Select((v, i) => v is long l ? l
        : throw new InvalidDataException($"'{Path}' column '{name}' row {i} is {Describe(v)}, not an integer.")).ToArray();

    /// <summary>Reads a scalar FLOAT or DOUBLE column as doubles; nulls throw.</summary>
    /// <exception cref="InvalidDataException">The column is not a non-null floating-point scalar.</exception>
    public double[] ReadDouble(string name) => ReadRows(name).Select((v, i) => v switch
    {
        float f => f,
        double d => d,
        _ => throw new InvalidDataException($"'{Path}' column '{name}' row {i} is {Describe(v)}, not a float."),
    }).ToArray();

    /// <summary>Reads a scalar string column; nulls throw.</summary>
    /// <exception cref="InvalidDataException">The column is not a non-null string scalar.</exception>
    public string[] ReadStrings(string name) => ReadRows(name).Select((v, i) => v as string
        ?? throw new InvalidDataException($"'{Path}' column '{name}' row {i} is {Describe(v)}, not a string.")).ToArray();

    private static string Describe(object? v) => v is null ? "null" : v.GetType().Name;
}
