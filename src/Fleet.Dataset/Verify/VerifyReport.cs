namespace Fleet.Dataset.Verify;

/// <summary>How bad a finding is: an error makes the dataset unusable or wrong for LeRobot; a warning does not.</summary>
public enum Severity
{
    /// <summary>Readers would fail or return wrong data.</summary>
    Error,
    /// <summary>Works, but differs from what LeRobot writes.</summary>
    Warning,
}

/// <summary>One finding: where (a path relative to the dataset root, plus row/episode when known) and what.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Where">File relative to the dataset root, with row or episode when known.</param>
/// <param name="Message">What is wrong and, where it helps, what to do.</param>
public sealed record VerifyFinding(Severity Severity, string Where, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Severity == Severity.Error ? "error" : "warning")}: {Where}: {Message}";
}

/// <summary>The result of <see cref="DatasetVerifier.VerifyAsync"/>: every finding plus what was checked.</summary>
/// <param name="Root">The dataset folder.</param>
/// <param name="Findings">Errors and warnings, in the order found.</param>
/// <param name="Checked">One line per check that ran (files, rows, videos), for the report.</param>
public sealed record VerifyReport(string Root, IReadOnlyList<VerifyFinding> Findings, IReadOnlyList<string> Checked)
{
    /// <summary>True when there is no error (warnings allowed).</summary>
    public bool IsValid => Findings.All(f => f.Severity != Severity.Error);

    /// <summary>Errors only.</summary>
    public IEnumerable<VerifyFinding> Errors => Findings.Where(f => f.Severity == Severity.Error);
}
