using System.CommandLine;
using TornPages.Engine;
using TornPages.Engine.Checkpoints;
using TornPages.Engine.Pages;
using TornPages.Storage;

namespace TornPages.Harness.Cli;

/// <summary>
/// The <c>tornbench</c> command line. Every failure the user can cause (a bad value, an unusable
/// directory, a database that cannot be opened) ends in one line on stderr and exit code 2; a
/// finding (a failed crash trial, a failed verification) is output, not an error.
/// </summary>
public static class TornbenchCli
{
    public const int Usage = 2;

    public static int Run(string[] args)
    {
        var root = new RootCommand("tornbench: compare torn-page protection strategies by I/O cost and by crash trials");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(CrashCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(ProbeCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(WalDumpCommand.Create());
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"tornbench: {parsed.Errors[0].Message}");
            return Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"tornbench: {e.Message}");
            return Usage;
        }
    }

    /// <summary>Errors that come from the input or the environment, reported in one line; anything else is a bug and keeps its trace.</summary>
    public static bool IsUserError(Exception e) => e is ArgumentException or IOException or UnauthorizedAccessException or CorruptPageException
        or StorageException or ControlFileCorruptException or DatabaseNotFoundException or RecoveryException or InvalidDataException;

    /// <summary>Makes sure results can be written to <paramref name="dir"/> before any work is done.</summary>
    public static void CheckWritable(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            string probe = Path.Combine(dir, $".tornbench-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write results to {dir}: {e.Message}");
        }
    }
}
