namespace Fleet.Node.Tests.Admin;

/// <summary>A fact that needs Debian's chromium and chromedriver; skipped, visibly, when either is not installed (scripts/setup-inspect.sh installs them).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium) || !File.Exists(ChromeDriver))
            Skip = $"needs {Chromium} and {ChromeDriver} (apt-get install chromium chromium-driver, or run scripts/setup-inspect.sh)";
    }
}
