using Fleet.Policy.Checkpoints;
using Fleet.Policy.Tensors;

namespace Fleet.Policy.Act.Transformer;

/// <summary>Readers for PyTorch layer parameters by module prefix.</summary>
internal static class Weights
{
    public static Linear Linear(SafetensorsFile file, string prefix, int inFeatures, int outFeatures) =>
        new(inFeatures, outFeatures, file.ReadFloat32(prefix + ".weight", outFeatures, inFeatures), file.ReadFloat32(prefix + ".bias", outFeatures));

    public static (float[] Gamma, float[] Beta) LayerNorm(SafetensorsFile file, string prefix, int dim) =>
        (file.ReadFloat32(prefix + ".weight", dim), file.ReadFloat32(prefix + ".bias", dim));
}
