using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Fleet.Dataset.Parquet.Arrow;

namespace Fleet.Dataset.Parquet;

/// <summary>
/// Writes a Parquet file one row group at a time, the way pyarrow's <c>ParquetWriter</c> lays files out
/// (magic, column chunks, Thrift footer, footer length, magic), with Snappy pages, dictionary encoding
/// where pyarrow uses it, column statistics and an <c>ARROW:schema</c> entry built from the columns.
/// </summary>
/// <remarks>
/// Unlike pyarrow, the footer is rewritten after every row group (the previous footer is truncated away
/// first), so the file on disk is a complete, readable Parquet file after each
/// <see cref="WriteRowGroupAsync"/> returns; a crash loses at most the row group being written.
/// Byte counters: <see cref="DataLength"/> is the end of the last row group (where the next one goes);
/// <see cref="FileLength"/> adds the current footer.
/// </remarks>
public sealed class ParquetFileWriter : IAsyncDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();
    private readonly FileStream _stream;
    private readonly IReadOnlyList<ParquetColumn> _columns;
    private readonly List<KeyValuePair<string, string>> _keyValues;
    private readonly List<RowGroupMetadata> _rowGroups = [];

    private ParquetFileWriter(FileStream stream, IReadOnlyList<ParquetColumn> columns, List<KeyValuePair<string, string>> keyValues)
    {
        _stream = stream;
        _columns = columns;
        _keyValues = keyValues;
        DataLength = Magic.Length;
    }

    /// <summary>The file being written.</summary>
    public string Path => _stream.Name;

    /// <summary>Rows written so far (all row groups).</summary>
    public long RowCount => _rowGroups.Sum(r => r.RowCount);

    /// <summary>Row groups written so far.</summary>
    public int RowGroupCount => _rowGroups.Count;

    /// <summary>Bytes of magic plus row groups: the offset the next row group starts at.</summary>
    public long DataLength { get; private set; }

    /// <summary>Current size of the file, footer included.</summary>
    public long FileLength => _stream.Length;

    /// <summary>
    /// Creates (or overwrites) <paramref name="path"/>. <paramref name="metadata"/> becomes the footer's
    /// key-value metadata and the Arrow schema's metadata, in order, followed by <c>ARROW:schema</c>.
    /// </summary>
    /// <exception cref="IOException">The file cannot be created (the message names the path).</exception>
    public static async ValueTask<ParquetFileWriter> CreateAsync(string path, IReadOnlyList<ParquetColumn> columns,
        IReadOnlyList<KeyValuePair<string, string>> metadata, CancellationToken ct)
    {
        if (columns.Count == 0) throw new ArgumentException("A Parquet file needs at least one column.", nameof(columns));
        var keyValues = metadata.ToList();
        keyValues.Add(new("ARROW:schema", ArrowSchemaWriter.Build(columns, metadata)));
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot create Parquet file '{path}': {e.Message}", e);
        }
        var writer = new ParquetFileWriter(stream, columns, keyValues);
        await stream.WriteAsync(Magic, ct).ConfigureAwait(false);
        await writer.WriteFooterAsync(ct).ConfigureAwait(false);
        return writer;
    }

    /// <summary>
    /// Appends one row group holding <paramref name="columns"/> (one buffer per column, in schema order, all
    /// with the same row count) and rewrites the footer.
    /// </summary>
    /// <exception cref="ArgumentException">The buffers do not match the schema or disagree on the row count.</exception>
    public async ValueTask WriteRowGroupAsync(IReadOnlyList<ColumnBuffer> columns, CancellationToken ct)
    {
        Validate(columns);
        var bytes = new List<byte>(1 << 16);
        var chunks = new List<ColumnChunkMetadata>(columns.Count);
        foreach (var column in columns) chunks.Add(ColumnChunkWriter.Write(column, DataLength + bytes.Count, bytes));
        _stream.SetLength(DataLength);
        _stream.Position = DataLength;
        await _stream.WriteAsync(CollectionsMarshal.AsSpan(bytes).ToArray(), ct).ConfigureAwait(false);
        DataLength += bytes.Count;
        _rowGroups.Add(new RowGroupMetadata(chunks, columns[0].RowCount, (short)_rowGroups.Count));
        await WriteFooterAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the row group written last (truncating the file to where it started and rewriting the footer),
    /// for a caller whose later steps failed and which must not leave half an episode behind.
    /// </summary>
    /// <exception cref="InvalidOperationException">No row group has been written.</exception>
    public async ValueTask RemoveLastRowGroupAsync(CancellationToken ct)
    {
        if (_rowGroups.Count == 0) throw new InvalidOperationException($"'{Path}' has no row group to remove.");
        var last = _rowGroups[^1];
        _rowGroups.RemoveAt(_rowGroups.Count - 1);
        DataLength = last.Columns[0].StartOffset;
        await WriteFooterAsync(ct).ConfigureAwait(false);
    }

    private void Validate(IReadOnlyList<ColumnBuffer> columns)
    {
        if (columns.Count != _columns.Count)
            throw new ArgumentException($"'{Path}' has {_columns.Count} columns; the row group has {columns.Count}.");
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Column != _columns[i])
                throw new ArgumentException($"'{Path}' column {i} is '{_columns[i].Name}'; the row group has '{columns[i].Column.Name}' there.");
            if (columns[i].RowCount != columns[0].RowCount)
                throw new ArgumentException($"'{Path}': column '{columns[i].Column.Name}' has {columns[i].RowCount} rows, '{columns[0].Column.Name}' has {columns[0].RowCount}.");
        }
    }

    private async ValueTask WriteFooterAsync(CancellationToken ct)
    {
        var footer = FooterWriter.Write(_columns, _rowGroups, _keyValues);
        var tail = new byte[footer.Length + 8];
        footer.CopyTo(tail, 0);
        BinaryPrimitives.WriteInt32LittleEndian(tail.AsSpan(footer.Length), footer.Length);
        Magic.CopyTo(tail, footer.Length + 4);
        _stream.Position = DataLength;
        await _stream.WriteAsync(tail, ct).ConfigureAwait(false);
        _stream.SetLength(DataLength + tail.Length);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Closes the file; the footer is already on disk.</summary>
    public async ValueTask DisposeAsync() => await _stream.DisposeAsync().ConfigureAwait(false);
}
