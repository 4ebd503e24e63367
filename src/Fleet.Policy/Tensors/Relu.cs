namespace Fleet.Policy.Tensors;

/// <summary>ReLU: <c>max(x, 0)</c>.</summary>
public static class Relu
{
    /// <summary>Applies ReLU in place.</summary>
    public static void Forward(Span<float> x) => System.Numerics.Tensors.TensorPrimitives.Max(x, 0f, x);
}
