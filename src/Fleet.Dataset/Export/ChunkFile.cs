using System.Globalization;
using System.Text.RegularExpressions;

namespace Fleet.Dataset.Export;

/// <summary>
/// A (chunk, file) position under LeRobot's path templates, e.g. <c>chunk-000/file-007</c>. Numbers are
/// zero-padded to 3 digits and grow wider past 999, as Python's <c>{:03d}</c> does.
/// </summary>
/// <param name="Chunk">Chunk folder index.</param>
/// <param name="File">File index inside the chunk.</param>
public readonly partial record struct ChunkFile(int Chunk, int File)
{
    /// <summary>The next position: a new chunk after <paramref name="chunksSize"/> files.</summary>
    public ChunkFile Next(int chunksSize) => File == chunksSize - 1 ? new(Chunk + 1, 0) : new(Chunk, File + 1);

    /// <summary>The relative path <c>chunk-CCC/file-FFF</c> followed by <paramref name="extension"/>.</summary>
    public string RelativePath(string extension) =>
        $"chunk-{Chunk.ToString("000", CultureInfo.InvariantCulture)}/file-{File.ToString("000", CultureInfo.InvariantCulture)}{extension}";

    /// <summary>The highest position that exists under <paramref name="folder"/> (files <c>chunk-*/file-*.ext</c>), if any.</summary>
    public static ChunkFile? LastExisting(string folder, string extension)
    {
        if (!Directory.Exists(folder)) return null;
        ChunkFile? best = null;
        foreach (var path in Directory.EnumerateFiles(folder, "*" + extension, SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(folder, path).Replace('\\', '/');
            var m = Pattern().Match(rel);
            if (!m.Success || !rel.EndsWith(extension, StringComparison.Ordinal)) continue;
            var cf = new ChunkFile(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            if (best is null || cf.Chunk > best.Value.Chunk || (cf.Chunk == best.Value.Chunk && cf.File > best.Value.File)) best = cf;
        }
        return best;
    }

    [GeneratedRegex(@"^chunk-(\d{3,})/file-(\d{3,})\.")]
    private static partial Regex Pattern();
}
