using System.CommandLine;

namespace Fleet.Node.Cli;

/// <summary>
/// The options every admin-API command takes, like pbm's connection arguments: <c>--node host:port</c> (default
/// 127.0.0.1:9110), <c>--token</c> (default: FLEET_ADMIN_TOKEN) and <c>--json</c> (print the API's JSON instead of a
/// table). They are recursive: given on a palette, they reach every command under it.
/// </summary>
internal sealed class AdminConnection
{
    /// <summary>The node when none is given.</summary>
    public const string DefaultNode = "127.0.0.1:9110";

    public Option<string> Node { get; } = new("--node", "-n")
    {
        Description = "The node's admin API as host:port",
        HelpName = "HOST:PORT",
        DefaultValueFactory = _ => DefaultNode,
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token of the node's admin API (default: $FLEET_ADMIN_TOKEN)",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON instead of a table",
        Recursive = true,
    };

    /// <summary>Creates the options and adds them to <paramref name="palette"/>.</summary>
    public static AdminConnection AddTo(Command palette)
    {
        var connection = new AdminConnection();
        palette.Options.Add(connection.Node);
        palette.Options.Add(connection.Token);
        palette.Options.Add(connection.Json);
        return connection;
    }

    /// <summary>A client for the node the parse result names.</summary>
    public AdminClient Client(ParseResult result) =>
        new(result.GetValue(Node) ?? DefaultNode, result.GetValue(Token) ?? Environment.GetEnvironmentVariable("FLEET_ADMIN_TOKEN"));

    /// <summary>Runs <paramref name="body"/> with a client; an unreachable node or an API error prints one line and returns 1.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Action(Func<ParseResult, AdminClient, CancellationToken, Task> body) =>
        async (result, cancellationToken) =>
        {
            // Piped output keeps whole table rows on one line for grep and logs.
            if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 200;
            try
            {
                using var client = Client(result);
                await body(result, client, cancellationToken);
                return 0;
            }
            catch (AdminApiException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0; // Ctrl-C ends a live view
            }
        };
}
