namespace Fleet.Policy.Act;

/// <summary>
/// ACT's temporal ensembling for one arm (query every step, execute one action): every future timestep keeps the
/// weighted mean of all chunks that predicted it, the oldest prediction with weight 1, the next with
/// <c>exp(−m)</c>, then <c>exp(−2m)</c>… (m = <c>temporal_ensemble_coeff</c>; m &gt; 0 favours older predictions).
/// Feed each new chunk to <see cref="Update"/>, which returns the action for the current step. Not thread-safe.
/// </summary>
public sealed class TemporalEnsembler
{
    private readonly double[] _weights;
    private readonly double[] _cumulative;
    private readonly int _chunkSize;
    private readonly int _actionDim;
    private readonly List<double[]> _slots = [];
    private readonly List<int> _counts = [];

    /// <summary>Creates an empty ensembler.</summary>
    public TemporalEnsembler(double coefficient, int chunkSize, int actionDim)
    {
        _chunkSize = chunkSize;
        _actionDim = actionDim;
        _weights = Enumerable.Range(0, chunkSize).Select(i => Math.Exp(-coefficient * i)).ToArray();
        _cumulative = new double[chunkSize];
        double sum = 0;
        for (int i = 0; i < chunkSize; i++) _cumulative[i] = sum += _weights[i];
    }

    /// <summary>Merges a new chunk (<c>chunk_size × action_dim</c>, starting at the current step) and returns the current step's action.</summary>
    public float[] Update(ReadOnlySpan<float> chunk)
    {
        if (chunk.Length != _chunkSize * _actionDim)
            throw new ArgumentException($"Chunk holds {chunk.Length} values; expected {_chunkSize}x{_actionDim}.", nameof(chunk));
        for (int s = 0; s < _slots.Count; s++)
        {
            int n = _counts[s];
            for (int j = 0; j < _actionDim; j++)
                _slots[s][j] = (_slots[s][j] * _cumulative[n - 1] + chunk[s * _actionDim + j] * _weights[n]) / _cumulative[n];
            _counts[s] = Math.Min(n + 1, _chunkSize);
        }
        for (int s = _slots.Count; s < _chunkSize; s++)
        {
            _slots.Add(Row(chunk, s));
            _counts.Add(1);
        }
        var action = _slots[0].Select(v => (float)v).ToArray();
        _slots.RemoveAt(0);
        _counts.RemoveAt(0);
        return action;
    }

    /// <summary>Forgets all pending predictions (call at episode start).</summary>
    public void Reset()
    {
        _slots.Clear();
        _counts.Clear();
    }

    private double[] Row(ReadOnlySpan<float> chunk, int index)
    {
        var row = new double[_actionDim];
        for (int j = 0; j < _actionDim; j++) row[j] = chunk[index * _actionDim + j];
        return row;
    }
}
