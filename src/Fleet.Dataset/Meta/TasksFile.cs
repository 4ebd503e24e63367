using Fleet.Dataset.Parquet;
using Fleet.Dataset.Parquet.Reading;

namespace Fleet.Dataset.Meta;

/// <summary>
/// <c>meta/tasks.parquet</c>: columns <c>task_index</c> (int64) and <c>task</c> (string), with the pandas
/// metadata that makes pandas restore <c>task</c> as the DataFrame index, which LeRobot's <c>load_tasks</c>
/// requires (research §5). Rewritten whole when a task is added.
/// </summary>
public static class TasksFile
{
    /// <summary>Path relative to the dataset root.</summary>
    public const string RelativePath = "meta/tasks.parquet";

    private static readonly ParquetColumn TaskIndex = ParquetColumn.Scalar("task_index", LeafType.Int64);
    private static readonly ParquetColumn Task = ParquetColumn.Scalar("task", LeafType.String);

    // The layout pyarrow's pandas_compat writes for a frame indexed by a string column named "task".
    private const string PandasMetadata =
        "{\"index_columns\": [\"task\"], \"column_indexes\": [{\"name\": null, \"field_name\": null, \"pandas_type\": \"unicode\", \"numpy_type\": \"object\", \"metadata\": {\"encoding\": \"UTF-8\"}}], " +
        "\"columns\": [{\"name\": \"task_index\", \"field_name\": \"task_index\", \"pandas_type\": \"int64\", \"numpy_type\": \"int64\", \"metadata\": null}, " +
        "{\"name\": \"task\", \"field_name\": \"task\", \"pandas_type\": \"unicode\", \"numpy_type\": \"object\", \"metadata\": null}], " +
        "\"creator\": {\"library\": \"fleet-dataset\", \"version\": \"0.1.0\"}, \"pandas_version\": \"2.2.3\"}";

    /// <summary>Writes the tasks (index = position) to <paramref name="path"/> via a temporary file and a move.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<string> tasks, CancellationToken ct)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        var index = new ColumnBuffer(TaskIndex);
        var text = new ColumnBuffer(Task);
        for (var i = 0; i < tasks.Count; i++) { index.Add((long)i); text.Add(tasks[i]); }
        await using (var writer = await ParquetFileWriter.CreateAsync(temp, [TaskIndex, Task], [new("pandas", PandasMetadata)], ct).ConfigureAwait(false))
            await writer.WriteRowGroupAsync([index, text], ct).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the tasks ordered by task_index.</summary>
    /// <exception cref="InvalidDataException">The indices are not 0..n-1 (message names the file and the gap).</exception>
    public static async Task<IReadOnlyList<string>> ReadAsync(string path, CancellationToken ct)
    {
        var reader = await ParquetFileReader.OpenAsync(path, ct).ConfigureAwait(false);
        var indices = reader.ReadInt64("task_index");
        var tasks = reader.ReadStrings("task");
        var ordered = new string[tasks.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            if (indices[i] < 0 || indices[i] >= tasks.Length || ordered[indices[i]] is not null)
                throw new InvalidDataException($"'{path}' row {i}: task_index {indices[i]} is out of 0..{tasks.Length - 1} or repeated.");
            ordered[indices[i]] = tasks[i];
        }
        return ordered;
    }
}
