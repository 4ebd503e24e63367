using System.Threading.Channels;

namespace Fleet.Node.Recording;

/// <summary>
/// Reads the operator's keys from the terminal and turns them into <see cref="EpisodeCommand"/>s: → ends the episode
/// early, ← re-records it, Esc stops. Only when stdin is a terminal; otherwise no command ever arrives.
/// </summary>
internal sealed class KeyCommands : IDisposable
{
    private readonly Channel<EpisodeCommand> _commands = Channel.CreateUnbounded<EpisodeCommand>();
    private readonly CancellationTokenSource _stop = new();

    private KeyCommands(bool interactive)
    {
        if (interactive) _ = Task.Run(ReadKeysAsync);
    }

    /// <summary>The commands, in the order the keys were pressed.</summary>
    public ChannelReader<EpisodeCommand> Reader => _commands.Reader;

    /// <summary>Starts reading keys when stdin is a terminal.</summary>
    public static KeyCommands Start() => new(!Console.IsInputRedirected);

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _commands.Writer.TryComplete();
        _stop.Dispose();
    }

    private async Task ReadKeysAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            if (!Console.KeyAvailable)
            {
                try { await Task.Delay(50, token); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            EpisodeCommand? command = Console.ReadKey(intercept: true).Key switch
            {
                ConsoleKey.RightArrow => EpisodeCommand.EndEarly,
                ConsoleKey.LeftArrow => EpisodeCommand.ReRecord,
                ConsoleKey.Escape => EpisodeCommand.Stop,
                _ => null,
            };
            if (command is { } c) _commands.Writer.TryWrite(c);
        }
    }
}
