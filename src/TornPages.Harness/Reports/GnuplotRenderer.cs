using System.Diagnostics;
using TornPages.Harness.Reports.Charts;

namespace TornPages.Harness.Reports;

/// <summary>Runs gnuplot on each chart's script, once for PNG and once for SVG.</summary>
public static class GnuplotRenderer
{
    public const string Missing = "gnuplot not found: charts were not rendered (install it: apt-get install gnuplot-nox); the CSVs, the chart data and report.md are written";

    public static bool Available(string executable = "gnuplot")
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(executable, "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (p == null) return false;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Renders NAME.gp into NAME.png and NAME.svg in <paramref name="dir"/>.</summary>
    /// <exception cref="IOException">gnuplot failed on the script.</exception>
    public static void Render(Chart chart, string dir, string executable = "gnuplot")
    {
        foreach (var (terminal, ext) in new[]
                 {
                     ("pngcairo size 1280,560 font 'DejaVu Sans,11'", "png"),
                     ("svg size 1280,560 dynamic font 'DejaVu Sans,11'", "svg"),
                 })
        {
            var psi = new ProcessStartInfo(executable)
            {
                WorkingDirectory = dir,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            psi.ArgumentList.Add("-e");
            psi.ArgumentList.Add($"set terminal {terminal}; set output '{chart.Name}.{ext}'");
            psi.ArgumentList.Add(chart.Name + ".gp");
            using var p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new IOException($"gnuplot failed on {chart.Name}.gp: {err.Trim().Split('\n').LastOrDefault()}");
        }
    }
}
