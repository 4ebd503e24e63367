using System.Threading.Channels;

namespace Fleet.Actors;

/// <summary>
/// A reference that records what it receives, for tests of actors (Akka.TestKit's TestProbe, smaller): send with
/// it as sender, then await the expected replies. It can watch actors (it then receives <see cref="Terminated"/>).
/// Expectations wait for a condition with a generous timeout; they never sleep for a fixed time.
/// </summary>
public sealed class TestProbe
{
    private readonly ProbeRef _ref;

    /// <summary>Creates a probe in <paramref name="system"/>.</summary>
    public TestProbe(ActorSystem system, string name = "probe")
    {
        ArgumentNullException.ThrowIfNull(system);
        System = system;
        _ref = new ProbeRef(system, system.NewTempPath(name));
    }

    /// <summary>The default time an expectation waits (10 s: generous for a loaded 2-core CI machine).</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The system the probe belongs to.</summary>
    public ActorSystem System { get; }

    /// <summary>The probe's reference.</summary>
    public IActorRef Ref => _ref;

    /// <summary>The sender of the last message taken from the probe.</summary>
    public IActorRef? LastSender { get; private set; }

    /// <summary>Tells <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Replies to <see cref="LastSender"/>.</summary>
    public void Reply(object message) =>
        (LastSender ?? throw new InvalidOperationException("The probe has received nothing to reply to.")).Tell(message, Ref);

    /// <summary>Watches <paramref name="subject"/>; the probe receives one <see cref="Terminated"/> when it stops.</summary>
    public void Watch(IActorRef subject)
    {
        var target = subject as InternalActorRef ?? throw new ArgumentException("Only references created by an ActorSystem can be watched.", nameof(subject));
        target.SendSystemMessage(new Watch(target, _ref));
    }

    /// <summary>Waits for the next message, whatever it is.</summary>
    /// <exception cref="ProbeExpectationException">Nothing arrived within the timeout.</exception>
    public async Task<object> ReceiveOneAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(limit);
        try
        {
            var envelope = await _ref.Messages.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
            LastSender = envelope.Sender;
            return envelope.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProbeExpectationException($"{Ref.Path}: no message within {limit.TotalSeconds:0.###} s.");
        }
    }

    /// <summary>Waits for the next message and checks that it is a <typeparamref name="T"/> (matching <paramref name="predicate"/>).</summary>
    /// <exception cref="ProbeExpectationException">Nothing arrived in time, or the next message was something else.</exception>
    public async Task<T> ExpectMsgAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var message = await ReceiveOneAsync(timeout, cancellationToken).ConfigureAwait(false);
        if (message is T typed && (predicate is null || predicate(typed))) return typed;
        throw new ProbeExpectationException($"{Ref.Path}: expected {typeof(T).Name}{(predicate is null ? "" : " matching the predicate")}, got {message.GetType().Name}: {message}.");
    }

    /// <summary>Waits for the next message and checks that it equals <paramref name="expected"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null, CancellationToken cancellationToken = default) where T : notnull =>
        await ExpectMsgAsync<T>(m => EqualityComparer<T>.Default.Equals(m, expected), timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>Skips messages until one is a <typeparamref name="T"/> matching <paramref name="predicate"/>; returns it.</summary>
    public async Task<T> FishForMessageAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new ProbeExpectationException($"{Ref.Path}: no {typeof(T).Name} within {limit.TotalSeconds:0.###} s.");
            var message = await ReceiveOneAsync(left, cancellationToken).ConfigureAwait(false);
            if (message is T typed && (predicate is null || predicate(typed))) return typed;
        }
    }

    /// <summary>Takes the next message if one is already there.</summary>
    public bool TryReceive(out object? message)
    {
        if (_ref.Messages.Reader.TryRead(out var envelope))
        {
            LastSender = envelope.Sender;
            message = envelope.Message;
            return true;
        }
        message = null;
        return false;
    }

    private sealed class ProbeRef(ActorSystem system, ActorPath path) : InternalActorRef
    {
        internal readonly Channel<Envelope> Messages = Channel.CreateUnbounded<Envelope>();

        public override ActorPath Path => path;

        internal override ActorSystem System => system;

        internal override bool IsTerminated => false;

        public override void Tell(object message, IActorRef? sender)
        {
            ArgumentNullException.ThrowIfNull(message);
            Messages.Writer.TryWrite(new Envelope(message, sender));
        }

        internal override void SendSystemMessage(SystemMessage message)
        {
            if (message is DeathWatchNotification dead) Tell(new Terminated(dead.Actor), dead.Actor);
        }
    }
}
