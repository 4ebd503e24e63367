using Fleet.Messages;

namespace Fleet.Policy.Abstractions;

/// <summary>One observation as a policy consumes it: raw state, raw RGB frames by camera key, task text.</summary>
/// <param name="State">Raw joint state, length <see cref="PolicyDescriptor.StateDim"/>.</param>
/// <param name="Images">Frames by camera key; must cover <see cref="PolicyDescriptor.Images"/>.</param>
/// <param name="Task">Task text; ignored by policies that take none.</param>
public sealed record PolicyInput(ReadOnlyMemory<float> State, IReadOnlyDictionary<string, ImageFrame> Images, string Task)
{
    /// <summary>
    /// The observation's control timestep (<see cref="Observation.Timestep"/>): the timestep of the chunk's first
    /// action. Learned policies ignore it; scripted ones (sinusoid, trajectory replay) use it to continue their
    /// motion where the arm is, so successive chunks line up when merged.
    /// </summary>
    public long Timestep { get; init; }

    /// <summary>Builds the policy input of an observation.</summary>
    public static PolicyInput From(Observation observation) =>
        new(observation.State, observation.Images, observation.Task) { Timestep = observation.Timestep };
}

/// <summary>One predicted chunk: row-major <c>ChunkSize × ActionDim</c> un-normalized actions.</summary>
/// <param name="Actions">The values; never mutated after return.</param>
/// <param name="ActionDim">Values per action.</param>
public sealed record PolicyOutput(ReadOnlyMemory<float> Actions, int ActionDim)
{
    /// <summary>Number of actions.</summary>
    public int Length => Actions.Length / ActionDim;
}

/// <summary>An input that does not match what the policy was built for; the message names the key and the expected shape.</summary>
public sealed class PolicyInputException(string message) : Exception(message);
