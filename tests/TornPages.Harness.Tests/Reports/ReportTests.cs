using TornPages.Harness.Reports;
using TornPages.Harness.Tests.Cli;

namespace TornPages.Harness.Tests.Reports;

/// <summary>The report of a small simulated sweep, rendered by the real gnuplot.</summary>
public class ReportTests
{
    private const string Matrix = """
        { "label": "r", "strategies": ["none", "fpw", "dwb-small", "shadow-8k", "lp-logged"], "dists": ["uniform", "zipfian:1.1"],
          "checkpointEvery": [100, 400], "devices": ["sim-ssd"], "seeds": 2, "txns": 400, "timeseriesEvery": 50,
          "crash": { "trials": 4, "sectors": [512] } }
        """;

    private static string Sweep()
    {
        string root = Tornbench.TempDir();
        string matrix = Path.Combine(root, "m.json");
        File.WriteAllText(matrix, Matrix);
        var r = Tornbench.Run("sweep", "--matrix", matrix, "--out", root);
        Assert.True(r.Exit == 0, r.Err);
        return r.Out.Split('\n').Single(l => l.StartsWith("results: ", StringComparison.Ordinal))["results: ".Length..].Trim();
    }

    [Fact]
    public void The_report_renders_every_chart_as_png_and_svg_with_titles_axis_labels_and_a_legend_of_every_strategy()
    {
        Assert.True(GnuplotRenderer.Available(), "gnuplot is needed for this test (apt-get install gnuplot-nox; .ci/run installs it)");
        string dir = Sweep();
        var r = Tornbench.Run("report", dir);
        Assert.True(r.Exit == 0, r.Err);
        string charts = Path.Combine(dir, "charts");
        foreach (var chart in ReportWriter.Charts)
        {
            var png = new FileInfo(Path.Combine(charts, chart.Name + ".png"));
            Assert.True(png.Exists && png.Length > 5000, $"{chart.Name}.png missing or empty");
            string svg = File.ReadAllText(Path.Combine(charts, chart.Name + ".svg"));
            string script = File.ReadAllText(Path.Combine(charts, chart.Name + ".gp"));
            Assert.Contains("set title", script);
            Assert.Contains("set xlabel", script);
            Assert.Contains("set ylabel", script);
            if (chart.Name is "recovery_time") continue;
            foreach (var s in new[] { "none", "fpw", "dwb-small", "shadow-8k", "lp-logged" })
                Assert.True(svg.Contains(s), $"{chart.Name}.svg does not show {s}");
        }
        string report = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("![", report);
        Assert.Contains("charts/wal_per_txn.png", report);
        Assert.Contains("## Differences from fpw", report);
        Assert.Contains("## Crash trials", report);
        Assert.Contains("simulated", report);
    }

    [Fact]
    public void Without_gnuplot_the_report_says_so_in_one_line_and_still_writes_its_tables()
    {
        string dir = Sweep();
        var r = Tornbench.Run("report", dir, "--gnuplot", "/nonexistent/gnuplot");
        Assert.Equal(0, r.Exit);
        Assert.Contains("gnuplot not found", r.Err);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(File.Exists(Path.Combine(dir, "report.md")));
        Assert.True(File.Exists(Path.Combine(dir, "runs.csv")));
        Assert.False(File.Exists(Path.Combine(dir, "charts", "wal_per_txn.png")));
        Assert.Contains("gnuplot not found", File.ReadAllText(Path.Combine(dir, "report.md")));
    }

    [Fact]
    public void A_directory_without_results_is_one_line_and_exit_2()
    {
        var r = Tornbench.Run("report", Tornbench.TempDir());
        Assert.Equal(2, r.Exit);
        Assert.Contains("holds no runs.csv", r.Err);
    }
}
