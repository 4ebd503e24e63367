namespace Fleet.Policy.Checkpoints;

/// <summary>How LeRobot maps a feature to and from the model's space (its <c>normalization_mapping</c> values).</summary>
public enum NormalizationMode
{
    /// <summary><c>IDENTITY</c>: values pass unchanged.</summary>
    Identity,
    /// <summary><c>MEAN_STD</c>: <c>(x − mean)/(std + 1e-8)</c>; inverse <c>x·std + mean</c>.</summary>
    MeanStd,
    /// <summary><c>MIN_MAX</c>: <c>2(x − min)/(max − min) − 1</c>; inverse <c>(x + 1)/2·(max − min) + min</c>.</summary>
    MinMax,
}
