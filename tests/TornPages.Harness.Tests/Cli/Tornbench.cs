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

    public static string TempDir()
    {
        string d = Path.Combine(Path.GetTempPath(), "tb-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }
}
