namespace Fleet.Actors.Arm;

/// <summary>
/// Settings of the observation filter; binds the HOCON section <c>observation-filter</c> of an arm.
/// An observation is skipped only when it is close to the last one sent in joint space AND (when the image
/// measure is on) no camera changed noticeably. Must-go observations always pass.
/// </summary>
/// <param name="JointThreshold">
/// Euclidean distance in joint space (the arm's normalized units, degrees for an SO-101) below which the state
/// counts as unchanged. 0 (the default) turns the filter off. LeRobot hard-codes 1.0, which a slow or precise
/// motion never exceeds, so inference only happens when the queue runs dry and async degrades to sync.
/// </param>
/// <param name="ImageThreshold">
/// Mean absolute difference per channel (0–255) on a downsampled frame above which a camera counts as changed;
/// null turns the image measure off. Catches a scene that changed while the arm stood still.
/// </param>
/// <param name="ImageSampleWidth">Columns sampled per frame row for the image measure; fewer is cheaper and coarser.</param>
/// <param name="ImageSampleHeight">Rows sampled per frame for the image measure.</param>
public sealed record ObservationFilterOptions(
    double JointThreshold = 0,
    double? ImageThreshold = null,
    int ImageSampleWidth = 64,
    int ImageSampleHeight = 48)
{
    /// <summary>Checks every value and returns this record.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the key.</exception>
    public ObservationFilterOptions Validate()
    {
        if (!(JointThreshold >= 0) || double.IsInfinity(JointThreshold))
            throw new ArgumentException($"observation-filter.joint-threshold = {JointThreshold} must be a finite number >= 0 (0 turns it off).");
        if (ImageThreshold is { } t && !(t >= 0 && t <= 255))
            throw new ArgumentException($"observation-filter.image-threshold = {t} must lie in [0, 255] (mean absolute difference per channel).");
        if (ImageSampleWidth < 1 || ImageSampleHeight < 1)
            throw new ArgumentException(
                $"observation-filter.image-sample = {ImageSampleWidth}x{ImageSampleHeight} must be at least 1x1.");
        return this;
    }
}
