using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.SmolVla;

/// <summary>Runs the SmolVLA PyTorch reference scripts (tests/reference/smolvla/) with Debian's /usr/bin/python3.</summary>
public static class SmolVlaReference
{
    public static string Script(string name) => Path.Combine(RepoPaths.Root, "tests", "reference", "smolvla", name);

    /// <summary>Runs one script; throws with its output when it fails.</summary>
    public static void Run(string script, TimeSpan timeout, params string[] args)
    {
        var (code, output, error) = PythonReference.RunProcess(PythonReference.Python, [Script(script), .. args], timeout);
        if (code != 0)
            throw new InvalidOperationException($"{script} {string.Join(' ', args)} exited with {code}:\n{output}\n{error}");
    }

    /// <summary>Writes a random checkpoint into <paramref name="directory"/>.</summary>
    public static void MakeCheckpoint(string directory, string size, int seed, int cameras, params string[] extra) =>
        Run("make_checkpoint.py", TimeSpan.FromMinutes(10), ["--out", directory, "--size", size, "--seed", $"{seed}", "--cameras", $"{cameras}", .. extra]);

    /// <summary>Writes a random observation and noise for the checkpoint.</summary>
    public static void MakeInputs(string checkpoint, int batch, int seed, string observation, string noise, params string[] extra) =>
        Run("make_inputs.py", TimeSpan.FromMinutes(2), ["--checkpoint", checkpoint, "--batch", $"{batch}", "--seed", $"{seed}", "--observation", observation, "--noise", noise, .. extra]);

    /// <summary>Runs the reference; with <paramref name="dump"/> the output also holds the intermediates.</summary>
    public static void Predict(string checkpoint, string observation, string noise, string output, bool dump, TimeSpan timeout, int threads = 2)
    {
        var args = new List<string> { "--checkpoint", checkpoint, "--observation", observation, "--noise", noise, "--out", output, "--threads", $"{threads}" };
        if (dump) args.Add("--dump");
        Run("smolvla_reference.py", timeout, [.. args]);
    }
}
