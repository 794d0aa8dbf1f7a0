using System.CommandLine;
using TornPages.Harness.Reports;

namespace TornPages.Harness.Cli;

/// <summary><c>tornbench report DIR</c>: charts (gnuplot, PNG and SVG) and report.md for a results directory.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "a results directory (with runs.csv)" };
        var gnuplot = new Option<string>("--gnuplot") { Description = "gnuplot executable", DefaultValueFactory = _ => "gnuplot" };
        var cmd = new Command("report", "render the charts and write report.md for a results directory") { dir, gnuplot };
        cmd.SetAction(p =>
        {
            var data = ReportData.Load(p.GetValue(dir)!);
            string exe = p.GetValue(gnuplot)!;
            bool render = GnuplotRenderer.Available(exe);
            if (!render) Console.Error.WriteLine($"tornbench: {GnuplotRenderer.Missing}");
            var charts = new ReportWriter(data).Write(render, exe);
            Console.WriteLine($"report: {Path.Combine(data.Directory, "report.md")} ({charts.Count} charts)");
            return 0;
        });
        return cmd;
    }
}
