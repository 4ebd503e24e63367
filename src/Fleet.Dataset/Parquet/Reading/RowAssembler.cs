namespace Fleet.Dataset.Parquet.Reading;

/// <summary>
/// INTERNAL API. Rebuilds rows from repetition/definition levels (the inverse of Dremel shredding) for any
/// number of list levels: repetition level r &gt; 0 starts a new element of list r-1, a definition level
/// below a list's own level means that list is null, below its repeated level means it is empty.
/// </summary>
internal static class RowAssembler
{
    public static IReadOnlyList<object?> Assemble(ParquetLeafColumn leaf, List<int> rep, List<int> def, List<object?> values)
    {
        var rows = new List<object?>();
        var depth = leaf.MaxRepetitionLevel;
        var lists = new List<object?>[depth];
        var v = 0;
        for (var i = 0; i < def.Count; i++)
        {
            var d = def[i];
            object? value = null;
            if (d == leaf.MaxDefinitionLevel) value = values[v++];
            if (depth == 0) { rows.Add(value); continue; }
            int start;
            if (rep[i] == 0)
            {
                if (d < ListDefined(leaf, 0))
                {
                    rows.Add(null);
                    continue;
                }
                lists[0] = [];
                rows.Add(lists[0]);
                start = 0;
            }
            else start = rep[i] - 1;
            for (var k = start; k < depth; k++)
            {
                if (d < leaf.RepeatedDefinitionLevels[k]) break;
                if (k == depth - 1) { lists[k]!.Add(value); break; }
                if (d < ListDefined(leaf, k + 1)) { lists[k]!.Add(null); break; }
                lists[k + 1] = [];
                lists[k]!.Add(lists[k + 1]);
            }
        }
        return rows;
    }

    /// <summary>The definition level at which list <paramref name="k"/> is non-null (its parent group is defined).</summary>
    private static int ListDefined(ParquetLeafColumn leaf, int k) => leaf.ListDefinitionLevels[k];
}
