using Fleet.Policy.Act;

namespace Fleet.Policy.Tests.Infrastructure;

/// <summary>
/// A small but complete ACT checkpoint written from C# (<see cref="RandomActCheckpoint"/>), so loader, input-validation
/// and determinism tests run without PyTorch. Dimensions: one camera <c>front</c> 3×32×48, state 3, action 2, width 16,
/// 2 heads, chunk 4, with non-trivial normalization stats.
/// </summary>
public static class TinyActCheckpoint
{
    public const int StateDim = 3, ActionDim = 2, Dim = 16, Chunk = 4, Height = 32, Width = 48;

    private static readonly RandomActSpec Spec = new(StateDim, ActionDim, Dim, Heads: 2, FeedForward: 24, EncoderLayers: 1, Chunk,
        Latent: 4, Height, Width, Seed: 11)
    {
        StateStats = ([1f, -2f, 0.5f], [2f, 0.5f, 1f]),
        ActionStats = ([10f, -5f], [3f, 0.25f]),
    };

    public static Task WriteAsync(string directory, string type = "act") => RandomActCheckpoint.WriteAsync(directory, Spec, type);
}
