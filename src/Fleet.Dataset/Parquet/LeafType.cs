namespace Fleet.Dataset.Parquet;

/// <summary>The value types Fleet's Parquet writer stores in a column's leaves.</summary>
public enum LeafType
{
    /// <summary>Signed 64-bit integer (Parquet INT64, Arrow int64).</summary>
    Int64,
    /// <summary>IEEE single (Parquet FLOAT, Arrow float).</summary>
    Float,
    /// <summary>IEEE double (Parquet DOUBLE, Arrow double).</summary>
    Double,
    /// <summary>UTF-8 text (Parquet BYTE_ARRAY with the STRING logical type, Arrow utf8).</summary>
    String,
}
