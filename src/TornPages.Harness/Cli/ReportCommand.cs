using System.CommandLine;
using TornPages.Harness.Reports;

namespace TornPages.Harness.Cli;

/// <summary><c>tornbench report DIR</c>: charts (PNG, SVG and their data as CSV) and report.md for a results directory.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "a results directory (with runs.csv)" };
        var cmd = new Command("report", "draw the charts (PNG, SVG, CSV) and write report.md and summary.json for a results directory") { dir };
        cmd.SetAction(p =>
        {
            var data = ReportData.Load(p.GetValue(dir)!);
            var charts = new ReportWriter(data).Write();
            Console.WriteLine($"report: {Path.Combine(data.Directory, "report.md")} ({charts.Count} charts)");
            return 0;
        });
        return cmd;
    }
}
