namespace Fleet.Actors;

/// <summary>Builds deciders (exception → <see cref="Directive"/>) from a table of exception types.</summary>
public static class Decider
{
    /// <summary>
    /// A decider that picks the directive of the first entry whose type the exception is an instance of (so list
    /// specific types before their base types), and <paramref name="defaultDirective"/> when none matches.
    /// </summary>
    /// <example><c>Decider.From(Directive.Restart, Directive.Stop.When&lt;ArgumentException&gt;())</c></example>
    public static Func<Exception, Directive> From(Directive defaultDirective, params KeyValuePair<Type, Directive>[] mappings)
    {
        foreach (var m in mappings)
        {
            if (!typeof(Exception).IsAssignableFrom(m.Key))
                throw new ArgumentException($"Decider entry {m.Key.FullName} is not an exception type.", nameof(mappings));
        }
        var table = mappings.ToArray();
        return e =>
        {
            foreach (var m in table)
            {
                if (m.Key.IsInstanceOfType(e)) return m.Value;
            }
            return defaultDirective;
        };
    }

    /// <summary>A decider table entry: exceptions of type <typeparamref name="T"/> (and subtypes) get <paramref name="directive"/>.</summary>
    public static KeyValuePair<Type, Directive> When<T>(this Directive directive) where T : Exception => new(typeof(T), directive);
}
