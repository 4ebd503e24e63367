namespace Fleet.Dataset.Tests.Journal.Infrastructure;

/// <summary>A fact that needs <see cref="FileSystemFault"/>; reported as skipped, with the reason, where mounting is not permitted.</summary>
public sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute()
    {
        if (FileSystemFault.WhyUnavailable is { } reason)
        {
            Skip = $"File-system fault injection unavailable: {reason}.";
        }
    }
}
