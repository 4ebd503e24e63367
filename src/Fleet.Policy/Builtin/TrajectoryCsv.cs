using System.Globalization;

namespace Fleet.Policy.Builtin;

/// <summary>
/// Reads a trajectory CSV: one waypoint per line, comma-separated numbers (invariant culture), all lines the
/// same width. A first line that is not numeric is a header and is skipped; blank lines and lines starting with
/// <c>#</c> are ignored.
/// </summary>
public static class TrajectoryCsv
{
    /// <summary>Reads the waypoints of <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">A value is not a number or a line has the wrong width; the message gives file:line.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static async Task<IReadOnlyList<float[]>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(lines, path);
    }

    /// <summary>Parses CSV lines; <paramref name="origin"/> names the source in errors.</summary>
    /// <exception cref="FormatException">A value is not a number or a line has the wrong width; the message gives origin:line.</exception>
    public static IReadOnlyList<float[]> Parse(IReadOnlyList<string> lines, string origin)
    {
        var waypoints = new List<float[]>();
        for (int n = 0; n < lines.Count; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(',');
            var values = new float[fields.Length];
            bool numeric = true;
            for (int i = 0; i < fields.Length && numeric; i++)
                numeric = float.TryParse(fields[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]);
            if (!numeric)
            {
                if (waypoints.Count == 0 && !HeaderSeen(lines, n)) continue; // header line
                throw new FormatException($"{origin}:{n + 1}: '{line}' is not a list of numbers; write one waypoint per line, e.g. 0,10.5,-3,0,0,20.");
            }
            if (waypoints.Count > 0 && values.Length != waypoints[0].Length)
                throw new FormatException($"{origin}:{n + 1}: {values.Length} values, but the first waypoint has {waypoints[0].Length}.");
            waypoints.Add(values);
        }
        if (waypoints.Count == 0) throw new FormatException($"{origin}: no waypoints found.");
        return waypoints;
    }

    // True when a non-blank, non-comment line precedes line n (so line n cannot be the header).
    private static bool HeaderSeen(IReadOnlyList<string> lines, int n)
    {
        for (int i = 0; i < n; i++)
        {
            var l = lines[i].Trim();
            if (l.Length > 0 && !l.StartsWith('#')) return true;
        }
        return false;
    }
}
