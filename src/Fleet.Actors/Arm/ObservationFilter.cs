using Fleet.Messages;

namespace Fleet.Actors.Arm;

/// <summary>
/// Decides whether an observation is worth a policy call, comparing it with the last one admitted:
/// joint-space Euclidean distance, and optionally the mean absolute pixel difference of each camera on a
/// downsampled grid (<see cref="ObservationFilterOptions"/>). The first observation and every must-go one
/// pass, so a filter can delay inference but never stall it. Not thread-safe: one owner.
/// </summary>
public sealed class ObservationFilter
{
    private Observation? _reference;

    /// <summary>Creates a filter.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ObservationFilter(ObservationFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
    }

    /// <summary>The options in effect.</summary>
    public ObservationFilterOptions Options { get; }

    /// <summary>Observations skipped as unchanged.</summary>
    public long SkippedCount { get; private set; }

    /// <summary>
    /// Returns true when <paramref name="observation"/> should be sent, and then makes it the reference for
    /// the next comparison; returns false (and counts a skip) when it is too similar to the reference.
    /// </summary>
    public bool Admit(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.MustGo || _reference is null || Changed(_reference, observation))
        {
            _reference = observation;
            return true;
        }
        SkippedCount++;
        return false;
    }

    /// <summary>Forgets the reference, so the next observation passes (after a reset or a re-request).</summary>
    public void Reset() => _reference = null;

    private bool Changed(Observation reference, Observation candidate)
    {
        if (Options.JointThreshold <= 0) return true;
        if (reference.State.Length != candidate.State.Length) return true;
        if (JointDistance(reference.State.Span, candidate.State.Span) >= Options.JointThreshold) return true;
        if (Options.ImageThreshold is not { } imageThreshold) return false;
        foreach (var (key, frame) in candidate.Images)
        {
            if (!reference.Images.TryGetValue(key, out var before)) return true;
            if (ImageDifference.MeanAbsolute(before, frame, Options.ImageSampleWidth, Options.ImageSampleHeight) > imageThreshold)
                return true;
        }
        return false;
    }

    /// <summary>Euclidean distance between two joint vectors of equal length.</summary>
    public static double JointDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Joint vectors of {a.Length} and {b.Length} values cannot be compared.");
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }
}
