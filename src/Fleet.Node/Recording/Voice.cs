using System.Diagnostics;

namespace Fleet.Node.Recording;

/// <summary>
/// Spoken prompts for the operator through espeak-ng (LeRobot's <c>log_say</c>), when it is installed and voice is on;
/// otherwise silent. Never blocks recording: each prompt is a fire-and-forget child process.
/// </summary>
internal sealed class Voice
{
    private readonly bool _enabled;

    /// <summary>Creates a voice; speaks only when <paramref name="enabled"/> and espeak-ng is on PATH.</summary>
    public Voice(bool enabled) => _enabled = enabled && OnPath("espeak-ng");

    /// <summary>True when prompts are spoken.</summary>
    public bool Speaks => _enabled;

    /// <summary>Speaks <paramref name="text"/> in the background; empty text (a phase with no prompt) says nothing.</summary>
    public void Say(string text)
    {
        if (!_enabled || string.IsNullOrWhiteSpace(text)) return;
        try
        {
            var start = new ProcessStartInfo("espeak-ng") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(text);
            using var process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // espeak-ng vanished or cannot start: prompts are a convenience, recording goes on.
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
