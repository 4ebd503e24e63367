namespace Fleet.Policy.Builtin;

/// <summary>INTERNAL API. Option checks shared by the built-in policies; messages name the policy and the key.</summary>
internal static class BuiltinChecks
{
    public static void Positive(string policy, string key, int value)
    {
        if (value <= 0) throw new ArgumentException($"Policy '{policy}': {key} = {value} must be positive.");
    }

    public static float[] PerJoint(string policy, string key, IReadOnlyList<float>? values, int joints, float fallback)
    {
        if (values is null || values.Count == 0) return Enumerable.Repeat(fallback, joints).ToArray();
        if (values.Count == 1) return Enumerable.Repeat(values[0], joints).ToArray();
        if (values.Count != joints)
            throw new ArgumentException($"Policy '{policy}': {key} has {values.Count} values; give one per joint ({joints}) or a single value for all.");
        return values.ToArray();
    }
}
