using System.Text;

namespace Fleet.Node.Cli;

/// <summary>
/// A small line editor on <see cref="Console.ReadKey(bool)"/> for <c>fleet shell</c>: insert and delete, Left/Right,
/// Home/End, Up/Down through the history, Tab completion (once: the common prefix; twice: list the candidates),
/// Ctrl-C clears the line, Ctrl-D on an empty line ends the session. Used only when stdin is a terminal.
/// </summary>
internal sealed class ShellLineEditor(ShellCompleter completer, IReadOnlyList<string> history)
{
    /// <summary>Reads one line after <paramref name="prompt"/>; null at end of input (Ctrl-D).</summary>
    public string? ReadLine(string prompt)
    {
        var line = new StringBuilder();
        int cursor = 0, recall = history.Count;
        bool lastWasTab = false;
        Console.Write(prompt);
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            var tab = key.Key == ConsoleKey.Tab;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.WriteLine();
                    return line.ToString();
                case ConsoleKey.Backspace when cursor > 0:
                    line.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < line.Length:
                    line.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when cursor > 0: cursor--; break;
                case ConsoleKey.RightArrow when cursor < line.Length: cursor++; break;
                case ConsoleKey.Home: cursor = 0; break;
                case ConsoleKey.End: cursor = line.Length; break;
                case ConsoleKey.UpArrow when recall > 0:
                    Replace(line, history[--recall], ref cursor);
                    break;
                case ConsoleKey.DownArrow when recall < history.Count:
                    Replace(line, ++recall == history.Count ? "" : history[recall], ref cursor);
                    break;
                case ConsoleKey.Tab:
                    Complete(line, ref cursor, lastWasTab, prompt);
                    break;
                default:
                    if (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key == ConsoleKey.D && line.Length == 0)
                    {
                        Console.WriteLine();
                        return null;
                    }
                    if (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key == ConsoleKey.C)
                    {
                        line.Clear();
                        cursor = 0;
                        Console.WriteLine("^C");
                        Console.Write(prompt);
                        continue;
                    }
                    if (!char.IsControl(key.KeyChar)) line.Insert(cursor++, key.KeyChar);
                    break;
            }
            lastWasTab = tab;
            Redraw(prompt, line, cursor);
        }
    }

    private void Complete(StringBuilder line, ref int cursor, bool listAll, string prompt)
    {
        var before = line.ToString(0, cursor);
        var candidates = completer.Complete(before);
        if (candidates.Count == 0) return;
        var words = ShellWords.Split(before);
        var partial = before.Length == 0 || char.IsWhiteSpace(before[^1]) ? "" : words[^1];
        var prefix = ShellCompleter.CommonPrefix(candidates);
        var insert = prefix[partial.Length..] + (candidates.Count == 1 ? " " : "");
        if (insert.Length > 0)
        {
            line.Insert(cursor, insert);
            cursor += insert.Length;
        }
        else if (listAll)
        {
            Console.WriteLine();
            Console.WriteLine(string.Join("  ", candidates));
            Console.Write(prompt);
        }
    }

    private static void Replace(StringBuilder line, string text, ref int cursor)
    {
        line.Clear().Append(text);
        cursor = line.Length;
    }

    private static void Redraw(string prompt, StringBuilder line, int cursor)
    {
        // Rewrite the whole line, clear what a longer previous text left, then place the cursor.
        Console.Write("\r" + prompt + line + "\u001b[K");
        var back = line.Length - cursor;
        if (back > 0) Console.Write($"\u001b[{back}D");
    }
}
