namespace Fleet.Node.Config;

/// <summary>
/// The base of every configuration error. The message always starts with the origin (file:line or
/// file:line:column) when one is known, then says what was wrong and what to do about it. Catch the
/// nested subtypes to tell the cases apart: <see cref="Missing"/>, <see cref="WrongType"/>,
/// <see cref="BadValue"/>, <see cref="Parse"/> and <see cref="Bug"/>.
/// </summary>
public abstract class ConfigException : Exception
{
    private ConfigException(ConfigOrigin? origin, string message, Exception? inner = null)
        : base(origin is null ? message : $"{origin}: {message}", inner)
    {
        Origin = origin;
    }

    /// <summary>Where the problem is, when it can be pinned to a place.</summary>
    public ConfigOrigin? Origin { get; }

    /// <summary>A path that is required was absent (not even set to null), or a substitution was undefined.</summary>
    public sealed class Missing : ConfigException
    {
        /// <summary>Creates the error for <paramref name="path"/>; <paramref name="detail"/> says what to do.</summary>
        public Missing(ConfigOrigin? origin, string path, string detail)
            : base(origin, $"{path} is missing: {detail}") => Path = path;

        /// <summary>The path that was asked for.</summary>
        public string Path { get; }
    }

    /// <summary>A value exists but has another type than the one asked for (for example an object where a number was expected).</summary>
    public sealed class WrongType : ConfigException
    {
        /// <summary>Creates the error for the value at <paramref name="path"/>.</summary>
        public WrongType(ConfigOrigin? origin, string path, string expected, string actual)
            : base(origin, $"{path} has type {actual} but {expected} is expected here") => Path = path;

        /// <summary>The path of the offending value.</summary>
        public string Path { get; }
    }

    /// <summary>A value has the right type but a wrong content (unknown key, bad unit, out of range).</summary>
    public sealed class BadValue : ConfigException
    {
        /// <summary>Creates the error for the value at <paramref name="path"/>.</summary>
        public BadValue(ConfigOrigin? origin, string path, string problem)
            : base(origin, $"{path}: {problem}") => Path = path;

        /// <summary>The path of the offending value.</summary>
        public string Path { get; }
    }

    /// <summary>The text is not valid HOCON, an include failed, or substitutions form a cycle. Not sealed: Fleet derives its cycle error from it.</summary>
    public class Parse : ConfigException
    {
        /// <summary>Creates the error at <paramref name="origin"/> (file:line:column).</summary>
        public Parse(ConfigOrigin? origin, string problem, Exception? inner = null) : base(origin, problem, inner) { }
    }

    /// <summary>Fleet's own configuration code reached a state it believes impossible; please report it.</summary>
    public sealed class Bug : ConfigException
    {
        /// <summary>Creates the error; the message says which invariant broke.</summary>
        public Bug(string invariant) : base(null, $"bug in Fleet's configuration code: {invariant} (please report this)") { }
    }
}
