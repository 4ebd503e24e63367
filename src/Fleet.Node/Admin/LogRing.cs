using Microsoft.Extensions.Logging;

namespace Fleet.Node.Admin;

/// <summary>One buffered log line.</summary>
/// <param name="Sequence">Position in the node's log, from 1; a client tails by asking for lines after the last it saw.</param>
/// <param name="Timestamp">When it was logged (UTC).</param>
/// <param name="Level">Its level.</param>
/// <param name="Category">The logger's category.</param>
/// <param name="Message">The formatted message (with the exception's type and message when there was one).</param>
public sealed record LogLine(long Sequence, DateTimeOffset Timestamp, LogLevel Level, string Category, string Message);

/// <summary>
/// The newest log lines of the node in memory (<c>fleet log peek|tail</c>, <c>/api/logs</c>): a fixed-size ring, so
/// memory stays bounded however long the node runs. Thread-safe; waiters are woken when a line arrives.
/// </summary>
public sealed class LogRing
{
    private readonly LogLine[] _lines;
    private readonly Lock _gate = new();
    private long _next = 1;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates a ring keeping the newest <paramref name="capacity"/> lines.</summary>
    public LogRing(int capacity = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _lines = new LogLine[capacity];
    }

    /// <summary>The sequence number of the newest line (0 when empty).</summary>
    public long Last { get { lock (_gate) return _next - 1; } }

    /// <summary>Appends a line; the oldest is forgotten when the ring is full.</summary>
    public void Add(LogLevel level, string category, string message)
    {
        TaskCompletionSource arrived;
        lock (_gate)
        {
            var line = new LogLine(_next, DateTimeOffset.UtcNow, level, category, message);
            _lines[(_next - 1) % _lines.Length] = line;
            _next++;
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        arrived.TrySetResult();
    }

    /// <summary>The buffered lines after sequence <paramref name="after"/> at <paramref name="minLevel"/> or above, oldest first, at most <paramref name="limit"/> (the newest ones).</summary>
    public IReadOnlyList<LogLine> Since(long after, LogLevel minLevel = LogLevel.Trace, int limit = int.MaxValue)
    {
        lock (_gate)
        {
            var first = Math.Max(after + 1, Math.Max(1, _next - _lines.Length));
            var result = new List<LogLine>();
            for (var s = first; s < _next; s++)
            {
                var line = _lines[(s - 1) % _lines.Length];
                if (line.Level >= minLevel) result.Add(line);
            }
            return result.Count > limit ? result.GetRange(result.Count - limit, limit) : result;
        }
    }

    /// <summary>Completes when a line newer than <paramref name="after"/> exists (at once if one does already).</summary>
    /// <param name="after">The last sequence seen.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public Task WaitAsync(long after, CancellationToken cancellationToken)
    {
        Task arrived;
        lock (_gate)
        {
            if (_next - 1 > after) return Task.CompletedTask;
            arrived = _arrived.Task;
        }
        return arrived.WaitAsync(cancellationToken);
    }
}

/// <summary>An <see cref="ILoggerProvider"/> writing every log line into a <see cref="LogRing"/>.</summary>
/// <param name="ring">Where the lines go.</param>
public sealed class LogRingProvider(LogRing ring) : ILoggerProvider
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new RingLogger(ring, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
        // The ring outlives the provider: the admin API keeps serving what was logged.
    }

    private sealed class RingLogger(LogRing ring, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            if (exception is not null) message += $" ({exception.GetType().Name}: {exception.Message})";
            ring.Add(logLevel, category, message);
        }
    }
}
