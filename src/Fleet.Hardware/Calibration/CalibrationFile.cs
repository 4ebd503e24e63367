using System.Text;
using System.Text.Json;

namespace Fleet.Hardware.Calibration;

/// <summary>
/// Reads and writes calibration files in LeRobot's exact format: one JSON object per motor name with the integer keys
/// <c>id</c>, <c>drive_mode</c>, <c>homing_offset</c>, <c>range_min</c>, <c>range_max</c> in that order, indented by
/// four spaces (what draccus writes). A file from LeRobot loads here and a file from here loads in LeRobot.
/// </summary>
public static class CalibrationFile
{
    /// <summary>The keys of a motor entry, in LeRobot's order.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["id", "drive_mode", "homing_offset", "range_min", "range_max"];

    /// <summary>Serializes <paramref name="set"/> to LeRobot's JSON text.</summary>
    public static string ToJson(CalibrationSet set)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 4 }))
        {
            writer.WriteStartObject();
            foreach (var (name, c) in set.Entries)
            {
                writer.WriteStartObject(name);
                writer.WriteNumber("id", c.Id);
                writer.WriteNumber("drive_mode", c.DriveMode);
                writer.WriteNumber("homing_offset", c.HomingOffset);
                writer.WriteNumber("range_min", c.RangeMin);
                writer.WriteNumber("range_max", c.RangeMax);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Parses LeRobot's JSON text; <paramref name="origin"/> names the source in errors.</summary>
    /// <exception cref="InvalidDataException">Malformed JSON, a missing or extra key, or a non-integer value; the message says where.</exception>
    public static CalibrationSet FromJson(string json, string origin)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{origin}:{(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message}). Recalibrate with `fleet calibrate` or restore the file.", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{origin}: a calibration file must be a JSON object of motor name → calibration.");
            var motors = new List<KeyValuePair<string, MotorCalibration>>();
            foreach (var motor in document.RootElement.EnumerateObject()) motors.Add(KeyValuePair.Create(motor.Name, ReadMotor(motor, origin)));
            return new CalibrationSet(motors);
        }
    }

    /// <summary>Loads a file.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>; the message says how to create one.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid calibration.</exception>
    public static async Task<CalibrationSet> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No calibration file at {path}. Run `fleet calibrate` for this arm, or pass --calibration-dir.", path);
        return FromJson(await File.ReadAllTextAsync(path, cancellationToken), path);
    }

    /// <summary>Writes the file atomically (temporary file, then rename), creating folders as needed.</summary>
    public static async Task SaveAsync(CalibrationSet set, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, ToJson(set), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    private static MotorCalibration ReadMotor(JsonProperty motor, string origin)
    {
        if (motor.Value.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{origin}: motor '{motor.Name}' must be an object with keys {string.Join(", ", Keys)}.");
        foreach (var property in motor.Value.EnumerateObject())
            if (!Keys.Contains(property.Name))
                throw new InvalidDataException($"{origin}: motor '{motor.Name}' has unknown key '{property.Name}'; expected exactly {string.Join(", ", Keys)}.");
        int Get(string key)
        {
            if (!motor.Value.TryGetProperty(key, out var value))
                throw new InvalidDataException($"{origin}: motor '{motor.Name}' lacks key '{key}'.");
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var i))
                throw new InvalidDataException($"{origin}: motor '{motor.Name}' key '{key}' must be an integer, not {value.GetRawText()}.");
            return i;
        }
        return new MotorCalibration(Get("id"), Get("drive_mode"), Get("homing_offset"), Get("range_min"), Get("range_max"));
    }
}
