namespace Fleet.Policy.FlowMatching;

/// <summary>
/// Computes the velocity <c>v(x, t)</c> of a flow-matching model for the whole batch: <paramref name="x"/> and
/// <paramref name="velocity"/> have the same length. <paramref name="step"/> is the Euler step index (0-based), so a
/// model may reuse per-step precomputation (the time branch depends only on t).
/// </summary>
public delegate void VelocityField(ReadOnlySpan<float> x, float t, int step, Span<float> velocity);

/// <summary>
/// The Euler integrator of π0-style flow matching (LeRobot's SmolVLA/π0 <c>sample_actions</c>): the state starts as
/// noise at t = 1 and moves to the data at t = 0 in <see cref="Steps"/> equal steps, <c>dt = −1/steps</c>,
/// <c>t_k = 1 + k·dt</c> (computed in float64, then rounded to fp32), <c>x ← x + dt·v(x, t_k)</c> in fp32.
/// The convention is <c>x_t = t·noise + (1 − t)·data</c>, so the model predicts <c>v ≈ noise − data</c>.
/// </summary>
public sealed class EulerSampler
{
    /// <summary>Creates a sampler of <paramref name="steps"/> steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 1.</exception>
    public EulerSampler(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        Steps = steps;
    }

    /// <summary>Number of Euler steps.</summary>
    public int Steps { get; }

    /// <summary>The step size, <c>−1/Steps</c>, as the fp32 factor applied to the velocity.</summary>
    public float Dt => (float)(-1.0 / Steps);

    /// <summary>The timestep of step <paramref name="k"/>: <c>(float)(1 + k·dt)</c>, i.e. 1.0, 0.9, …, 0.1 for 10 steps.</summary>
    public float TimeAt(int k) => (float)(1.0 + k * (-1.0 / Steps));

    /// <summary>
    /// Integrates in place: <paramref name="x"/> holds the noise on entry and the sample (t = 0) on return.
    /// <paramref name="scratch"/> receives each velocity and must be as long as <paramref name="x"/>.
    /// </summary>
    public void Sample(Span<float> x, VelocityField velocity, Span<float> scratch)
    {
        if (scratch.Length < x.Length)
            throw new ArgumentException($"Euler scratch holds {scratch.Length} values; the state needs {x.Length}.", nameof(scratch));
        var v = scratch[..x.Length];
        float dt = Dt;
        for (int k = 0; k < Steps; k++)
        {
            velocity(x, TimeAt(k), k, v);
            for (int i = 0; i < x.Length; i++) x[i] += dt * v[i];
        }
    }
}
