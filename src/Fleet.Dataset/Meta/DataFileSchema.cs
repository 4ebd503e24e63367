using System.Text;
using Fleet.Dataset.Parquet;

namespace Fleet.Dataset.Meta;

/// <summary>
/// The per-frame data Parquet of a dataset (research §3): action and observation.state as fixed-size float32
/// lists, then timestamp (float32) and the int64 frame_index, episode_index, index, task_index, with the
/// <c>huggingface</c> features metadata that the Hub viewer and streaming readers use.
/// </summary>
public static class DataFileSchema
{
    /// <summary>The columns for <paramref name="spec"/>, in info.json feature order (videos skipped).</summary>
    public static IReadOnlyList<ParquetColumn> Columns(DatasetSpec spec) =>
    [
        ParquetColumn.FixedList("action", LeafType.Float, spec.ActionNames.Count),
        ParquetColumn.FixedList("observation.state", LeafType.Float, spec.StateNames.Count),
        ParquetColumn.Scalar("timestamp", LeafType.Float),
        ParquetColumn.Scalar("frame_index", LeafType.Int64),
        ParquetColumn.Scalar("episode_index", LeafType.Int64),
        ParquetColumn.Scalar("index", LeafType.Int64),
        ParquetColumn.Scalar("task_index", LeafType.Int64),
    ];

    /// <summary>The <c>huggingface</c> key-value entry: <c>{"info": {"features": {...}}}</c> in <c>json.dumps</c> layout.</summary>
    public static KeyValuePair<string, string> HuggingFaceMetadata(DatasetSpec spec)
    {
        static string List(int n) => $"{{\"feature\": {{\"dtype\": \"float32\", \"_type\": \"Value\"}}, \"length\": {n}, \"_type\": \"List\"}}";
        var sb = new StringBuilder("{\"info\": {\"features\": {");
        sb.Append($"\"action\": {List(spec.ActionNames.Count)}, \"observation.state\": {List(spec.StateNames.Count)}");
        foreach (var (key, dtype) in InfoJson.DefaultFeatures) sb.Append($", \"{key}\": {{\"dtype\": \"{dtype}\", \"_type\": \"Value\"}}");
        sb.Append("}}}");
        return new("huggingface", sb.ToString());
    }
}
