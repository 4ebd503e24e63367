namespace Fleet.Policy.Tensors;

/// <summary>
/// Folds a frozen batch norm <c>y = (x − mean)·γ/√(var + ε) + β</c> that follows a convolution into the
/// convolution itself, so inference runs one op instead of two and the result is the same up to rounding.
/// </summary>
public static class BatchNormFold
{
    /// <summary>Returns a new convolution equal to <c>BN(conv(x))</c>; the inputs are not modified.</summary>
    /// <exception cref="ArgumentException">A statistics vector does not have one value per output channel.</exception>
    public static ConvWeights Fold(ConvWeights conv, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float epsilon = 1e-5f)
    {
        int outs = conv.OutChannels;
        if (gamma.Length != outs || beta.Length != outs || runningMean.Length != outs || runningVar.Length != outs)
            throw new ArgumentException($"Batch norm statistics must have {outs} values each (one per output channel).");
        int per = conv.Weight.Length / outs;
        var weight = new float[conv.Weight.Length];
        var bias = new float[outs];
        for (int o = 0; o < outs; o++)
        {
            // Scale computed the way PyTorch's frozen BN does (rsqrt of var+eps, times weight) to stay within rounding of it.
            float scale = gamma[o] * (1f / MathF.Sqrt(runningVar[o] + epsilon));
            for (int i = 0; i < per; i++) weight[o * per + i] = conv.Weight[o * per + i] * scale;
            float convBias = conv.Bias is null ? 0f : conv.Bias[o];
            bias[o] = (convBias - runningMean[o]) * scale + beta[o];
        }
        return conv with { Weight = weight, Bias = bias };
    }
}
