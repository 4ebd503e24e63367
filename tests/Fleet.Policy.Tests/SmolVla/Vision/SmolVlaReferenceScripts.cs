using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.SmolVla.Vision;

/// <summary>Runs the SmolVLA PyTorch reference scripts (tests/reference/smolvla/*.py) with Debian's /usr/bin/python3.</summary>
public static class SmolVlaReferenceScripts
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "reference", "smolvla");

    /// <summary>Runs <c>script</c> with <paramref name="args"/>; throws with its output when it fails.</summary>
    public static void Run(string script, params string[] args)
    {
        var (code, output, error) = PythonReference.RunProcess(PythonReference.Python, [Path.Combine(Folder, script), .. args], TimeSpan.FromMinutes(5));
        if (code != 0)
            throw new InvalidOperationException($"{script} {string.Join(' ', args)} exited with {code}:\n{output}\n{error}");
    }
}
