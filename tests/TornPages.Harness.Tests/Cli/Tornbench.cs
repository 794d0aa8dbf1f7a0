using System.Diagnostics;

namespace TornPages.Harness.Tests.Cli;

/// <summary>Runs the built tornbench as a separate process, as a user would.</summary>
public static class Tornbench
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "tornbench.dll");

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return psi;
    }

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var p = Process.Start(StartInfo(args))!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    /// <summary>As <see cref="Run"/>, but a process still running after <paramref name="limit"/> is killed and the call fails: a hang is a failure, not a stuck suite.</summary>
    public static (int Exit, string Out, string Err) RunWithin(TimeSpan limit, params string[] args)
    {
        using var p = Process.Start(StartInfo(args))!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"tornbench {string.Join(' ', args)} still ran after {limit.TotalSeconds} s");
        }
        p.WaitForExit();
        return (p.ExitCode, output.Result, err.Result);
    }

    /// <summary>
    /// A new empty directory, inside one directory per test process (a run of the suite makes some
    /// 150, up to 48 MB each). The test host is ended without running exit handlers, so the first
    /// call deletes the directories of test processes no longer running instead.
    /// </summary>
    public static string TempDir()
    {
        string d = Path.Combine(Root.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    private const string RootPrefix = "tb-test-";

    private static readonly Lazy<string> Root = new(() =>
    {
        foreach (var old in Directory.EnumerateDirectories(Path.GetTempPath(), RootPrefix + "*"))
            if (int.TryParse(Path.GetFileName(old)[RootPrefix.Length..].Split('-')[0], out int pid) && !IsRunning(pid))
                try
                {
                    Directory.Delete(old, recursive: true);
                }
                catch (IOException)
                {
                    // Another process's cleaning got there first, or a file is held: left for the next.
                }
        string root = Path.Combine(Path.GetTempPath(), $"{RootPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        return root;
    });

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
