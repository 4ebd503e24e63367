using Fleet.Policy.Tests.Infrastructure;

namespace Fleet.Policy.Tests.SmolVla;

/// <summary>One random tiny SmolVLA checkpoint (2 cameras, written by the PyTorch reference) shared by a test class.
/// Tests copy it before changing any file.</summary>
public sealed class TinySmolVlaCheckpoint : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TinySmolVlaCheckpoint()
    {
        if (PythonReference.UnavailableReason() is not null) return;
        SmolVlaReference.MakeCheckpoint(Path, "tiny", 31, 2);
    }

    public string Path => _dir.File("tiny");

    /// <summary>A private copy of the checkpoint folder under <paramref name="dir"/>.</summary>
    public string CopyTo(TempDirectory dir)
    {
        string target = dir.File("checkpoint");
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(Path))
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        return target;
    }

    public void Dispose() => _dir.Dispose();
}
