using Fleet.Dataset.Parquet.Thrift;

namespace Fleet.Dataset.Parquet.Reading;

/// <summary>INTERNAL API. Reads one leaf column across all row groups into levels and values.</summary>
internal static class ColumnReader
{
    public static (List<int> Rep, List<int> Def, List<object?> Values) ReadLevelsAndValues(byte[] file, ThriftStruct footer, ParquetLeafColumn leaf, string path)
    {
        var rep = new List<int>();
        var def = new List<int>();
        var values = new List<object?>();
        var rowGroup = 0;
        foreach (var rg in footer.List(4).OfType<ThriftStruct>())
        {
            var chunk = rg.List(1).OfType<ThriftStruct>().ElementAtOrDefault(leaf.LeafIndex)
                ?? throw new InvalidDataException($"'{path}' row group {rowGroup} lacks column chunk {leaf.LeafIndex} ({leaf.Path}).");
            var meta = chunk.Struct(3) ?? throw new InvalidDataException($"'{path}' row group {rowGroup} column '{leaf.Path}' has no metadata.");
            ReadChunk(file, meta, leaf, $"'{path}' row group {rowGroup} column '{leaf.Path}'", rep, def, values);
            rowGroup++;
        }
        return (rep, def, values);
    }

    private static void ReadChunk(byte[] file, ThriftStruct meta, ParquetLeafColumn leaf, string where, List<int> rep, List<int> def, List<object?> values)
    {
        var codec = (int)meta.Int(4, "codec");
        var total = meta.Int(5, "num_values");
        var offset = meta.OptionalInt(11) is { } d && d > 0 ? d : meta.Int(9, "data_page_offset");
        var end = offset + meta.Int(7, "total_compressed_size");
        if (offset < 4 || end > file.Length - 8) throw new InvalidDataException($"{where}: chunk bytes {offset}..{end} lie outside the file.");
        object?[]? dictionary = null;
        long read = 0;
        var pos = (int)offset;
        while (read < total && pos < end)
        {
            var reader = new ThriftCompactReader(file.AsMemory(pos, (int)(end - pos)));
            var header = reader.ReadStruct();
            pos += reader.Position;
            var compressedSize = (int)header.Int(3, "compressed_page_size");
            if (compressedSize < 0 || pos + compressedSize > end) throw new InvalidDataException($"{where}: page at byte {pos} runs past the chunk.");
            var body = file.AsSpan(pos, compressedSize);
            pos += compressedSize;
            switch (header.Int(1, "page type"))
            {
                case 2:
                    var dictHeader = header.Struct(7) ?? throw new InvalidDataException($"{where}: dictionary page without header.");
                    var raw = PageDecoder.Decompress(body, codec, (int)header.Int(2, "uncompressed_page_size"), where);
                    dictionary = PageDecoder.Plain(raw, leaf, (int)dictHeader.Int(1, "num_values"), where);
                    break;
                case 0:
                    read += DataPageV1(header, body, codec, leaf, dictionary, where, rep, def, values);
                    break;
                case 3:
                    read += DataPageV2(header, body, codec, leaf, dictionary, where, rep, def, values);
                    break;
            }
        }
        if (read != total) throw new InvalidDataException($"{where}: read {read} values; the metadata says {total}.");
    }

    private static int DataPageV1(ThriftStruct header, ReadOnlySpan<byte> body, int codec, ParquetLeafColumn leaf, object?[]? dictionary,
        string where, List<int> rep, List<int> def, List<object?> values)
    {
        var h = header.Struct(5) ?? throw new InvalidDataException($"{where}: data page without header.");
        var count = (int)h.Int(1, "num_values");
        var raw = PageDecoder.Decompress(body, codec, (int)header.Int(2, "uncompressed_page_size"), where);
        var pos = 0;
        var repLevels = Levels(raw, ref pos, leaf.MaxRepetitionLevel, count, prefixed: true, where);
        var defLevels = Levels(raw, ref pos, leaf.MaxDefinitionLevel, count, prefixed: true, where);
        Values(raw.AsSpan(pos), (int)h.Int(2, "encoding"), leaf, dictionary, defLevels, where, values);
        rep.AddRange(repLevels);
        def.AddRange(defLevels);
        return count;
    }

    private static int DataPageV2(ThriftStruct header, ReadOnlySpan<byte> body, int codec, ParquetLeafColumn leaf, object?[]? dictionary,
        string where, List<int> rep, List<int> def, List<object?> values)
    {
        var h = header.Struct(8) ?? throw new InvalidDataException($"{where}: data page v2 without header.");
        var count = (int)h.Int(1, "num_values");
        var defLength = (int)h.Int(5, "definition_levels_byte_length");
        var repLength = (int)h.Int(6, "repetition_levels_byte_length");
        var compressed = !h.Fields.TryGetValue(7, out var c) || c is not false;
        var levelBytes = body[..(repLength + defLength)].ToArray();
        var pos = 0;
        var repLevels = Levels(levelBytes, ref pos, leaf.MaxRepetitionLevel, count, prefixed: false, where, repLength);
        var defLevels = Levels(levelBytes, ref pos, leaf.MaxDefinitionLevel, count, prefixed: false, where, defLength);
        var valueBytes = body[(repLength + defLength)..];
        var uncompressedValues = (int)header.Int(2, "uncompressed_page_size") - repLength - defLength;
        var raw = compressed ? PageDecoder.Decompress(valueBytes, codec, uncompressedValues, where) : valueBytes.ToArray();
        Values(raw, (int)h.Int(4, "encoding"), leaf, dictionary, defLevels, where, values);
        rep.AddRange(repLevels);
        def.AddRange(defLevels);
        return count;
    }

    private static int[] Levels(byte[] raw, ref int pos, int maxLevel, int count, bool prefixed, string where, int length = 0)
    {
        var levels = new int[count];
        if (maxLevel == 0) return levels;
        if (prefixed)
        {
            if (pos + 4 > raw.Length) throw new InvalidDataException($"{where}: level length is truncated.");
            length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(pos));
            pos += 4;
        }
        if (length < 0 || pos + length > raw.Length) throw new InvalidDataException($"{where}: levels run past the page.");
        RleBitPackedHybrid.Decode(raw.AsSpan(pos, length), RleBitPackedHybrid.BitWidth(maxLevel), levels, count);
        pos += length;
        return levels;
    }

    private static void Values(ReadOnlySpan<byte> raw, int encoding, ParquetLeafColumn leaf, object?[]? dictionary, int[] defLevels,
        string where, List<object?> values)
    {
        var present = defLevels.Count(d => d == leaf.MaxDefinitionLevel);
        if (encoding is 2 or 8)
        {
            if (dictionary is null) throw new InvalidDataException($"{where}: dictionary-encoded page but no dictionary page.");
            if (present == 0) return;
            var codes = new int[present];
            RleBitPackedHybrid.Decode(raw[1..], raw[0], codes, present);
            foreach (var code in codes)
            {
                if ((uint)code >= dictionary.Length) throw new InvalidDataException($"{where}: dictionary code {code} but the dictionary has {dictionary.Length} entries.");
                values.Add(dictionary[code]);
            }
            return;
        }
        if (encoding != 0) throw new NotSupportedException($"{where}: value encoding {encoding} is not supported by Fleet's reader (PLAIN and dictionary are).");
        values.AddRange(PageDecoder.Plain(raw, leaf, present, where));
    }
}
