using System.CommandLine;

namespace Fleet.Node.Cli;

/// <summary>
/// <c>fleet shell --node host:port</c>: an interactive prompt on one node, like pbm's. It checks the node first, then
/// runs the admin palettes (arm, actor, log, episode, cluster, policy pool) typed at the prompt with the node and
/// token filled in, with Tab completion of commands, options and arm ids, and a history (Up/Down; kept in
/// <c>~/.fleet/shell_history</c>). With stdin redirected it reads one command per line (scripts).
/// </summary>
internal static class ShellCommand
{
    private const int HistoryLimit = 500;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var shell = new Command("shell", "An interactive prompt on a running node with completion and history (admin API).");
        var connection = AdminConnection.AddTo(shell);
        shell.SetAction(connection.Action(async (result, client, ct) =>
        {
            var node = await client.GetAsync("api/node", ct); // fails early, clearly, when the node is not there
            var token = result.GetValue(connection.Token) ?? Environment.GetEnvironmentVariable("FLEET_ADMIN_TOKEN");
            await RunAsync(client, AdminOutput.Str(node, "name"), token, ct);
        }));
        return shell;
    }

    private static async Task RunAsync(AdminClient client, string nodeName, string? token, CancellationToken ct)
    {
        var interactive = !Console.IsInputRedirected;
        var completer = new ShellCompleter(Palettes(), ["help", "exit", "quit"]);
        var history = LoadHistory();
        var editor = new ShellLineEditor(completer, history);
        if (interactive) Console.WriteLine($"connected to {nodeName} at {client.Node}; Tab completes, `help` lists commands, `exit` quits.");
        while (!ct.IsCancellationRequested)
        {
            if (interactive) completer.ArmIds = await ArmIdsAsync(client, ct);
            var line = interactive ? ReadInteractive(editor, $"fleet {client.Node}> ") : await Console.In.ReadLineAsync(ct);
            if (line is null) break;
            var words = ShellWords.Split(line);
            if (words.Count == 0) continue;
            if (words[0] is "exit" or "quit") break;
            if (interactive && (history.Count == 0 || history[^1] != line)) history.Add(line);
            if (words[0] == "help") words = ["--help"];
            var args = words.ToList();
            if (!args.Contains("--node") && !args.Contains("-n")) args.AddRange(["--node", client.Node]);
            if (token is { Length: > 0 } && !args.Contains("--token")) args.AddRange(["--token", token]);
            await Root().Parse(args).InvokeAsync(cancellationToken: ct);
        }
        if (interactive) SaveHistory(history);
    }

    private static string? ReadInteractive(ShellLineEditor editor, string prompt)
    {
        var previous = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true; // Ctrl-C clears the line instead of ending the shell
        try { return editor.ReadLine(prompt); }
        finally { Console.TreatControlCAsInput = previous; }
    }

    // Fresh command objects for every line: a parse keeps no state between commands.
    private static IReadOnlyList<Command> Palettes()
    {
        var policy = new Command("policy", "The policy pool of the node.");
        policy.Subcommands.Add(PolicyPoolCommand.Create());
        return [ArmCommands.Create(), ActorCommands.Create(), LogCommands.Create(), EpisodeCommands.Create(), ClusterAdminCommands.Create(), policy];
    }

    private static RootCommand Root()
    {
        var root = new RootCommand("Commands of the fleet shell (exit or Ctrl-D to quit).");
        foreach (var p in Palettes()) root.Subcommands.Add(p);
        return root;
    }

    private static async Task<IReadOnlyList<string>> ArmIdsAsync(AdminClient client, CancellationToken ct)
    {
        try { return (await client.GetAsync("api/arms", ct)).EnumerateArray().Select(a => AdminOutput.Str(a, "id")).ToList(); }
        catch (AdminApiException) { return []; } // the command typed next will say what is wrong
    }

    private static string HistoryPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fleet", "shell_history");

    private static List<string> LoadHistory()
    {
        try { return File.Exists(HistoryPath) ? File.ReadAllLines(HistoryPath).TakeLast(HistoryLimit).ToList() : []; }
        catch (IOException) { return []; }
    }

    private static void SaveHistory(List<string> history)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(HistoryPath)!);
            File.WriteAllLines(HistoryPath, history.TakeLast(HistoryLimit));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"fleet shell: history not saved to {HistoryPath}: {e.Message}");
        }
    }
}
