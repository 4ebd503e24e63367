using System.CommandLine;
using Fleet.Dataset.Verify;

namespace Fleet.Node.Cli;

/// <summary>
/// The <c>fleet dataset</c> palette: <c>verify DIR</c> checks a LeRobotDataset v3.0 folder and exits non-zero
/// with one line per problem; <c>info DIR</c> prints a summary.
/// </summary>
internal static class DatasetCommands
{
    /// <summary>Exit code when the dataset has errors.</summary>
    public const int InvalidDataset = 1;

    /// <summary>Exit code when the folder cannot be read as a dataset at all.</summary>
    public const int Unreadable = 2;

    /// <summary>Builds <c>fleet dataset</c> with its subcommands.</summary>
    public static Command Create()
    {
        var dataset = new Command("dataset", "Inspect, verify and publish LeRobotDataset v3.0 folders (Fleet's or LeRobot's).");
        dataset.Subcommands.Add(Verify());
        dataset.Subcommands.Add(Info());
        dataset.Subcommands.Add(DatasetPushCommand.Create());
        return dataset;
    }

    private static Argument<DirectoryInfo> DirArgument() => new("DIR") { Description = "The dataset folder (holding meta/info.json)." };

    private static Command Verify()
    {
        var dir = DirArgument();
        var command = new Command("verify", "Check schemas, contiguous indices, timestamps against fps, video frame counts and durations, and stats; exit 1 on any error.");
        command.Arguments.Add(dir);
        command.SetAction(async (parse, ct) =>
        {
            var root = parse.GetValue(dir)!.FullName;
            VerifyReport report;
            try
            {
                report = await DatasetVerifier.VerifyAsync(root, ct);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // ffprobe missing, or a file that cannot be opened at all: nothing was verified.
                Console.Error.WriteLine($"error: cannot verify {root}: {e.Message}");
                return Unreadable;
            }
            foreach (var line in report.Checked) Console.Out.WriteLine($"checked  {line}");
            foreach (var finding in report.Findings) (finding.Severity == Severity.Error ? Console.Error : Console.Out).WriteLine(finding);
            var errors = report.Errors.Count();
            Console.Out.WriteLine(errors == 0 ? $"OK: {root} is a valid LeRobotDataset v3.0." : $"FAILED: {errors} error(s) in {root}.");
            return errors == 0 ? 0 : InvalidDataset;
        });
        return command;
    }

    private static Command Info()
    {
        var dir = DirArgument();
        var command = new Command("info", "Summarise a dataset: robot, fps, episodes, frames, tasks, features, files.");
        command.Arguments.Add(dir);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var summary = await DatasetSummary.ReadAsync(parse.GetValue(dir)!.FullName, ct);
                Console.Out.Write(summary.ToText());
                return 0;
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Unreadable;
            }
        });
        return command;
    }
}
