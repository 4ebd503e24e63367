using Fleet.Dataset.Meta;

namespace Fleet.Node.Recording;

/// <summary>One arm to record and the dataset it records into.</summary>
/// <param name="ArmId">The arm.</param>
/// <param name="DatasetRoot">The dataset folder of this arm.</param>
/// <param name="Spec">What the arm records (fps, joints, cameras, codec).</param>
public sealed record RecordingTarget(string ArmId, string DatasetRoot, DatasetSpec Spec);
