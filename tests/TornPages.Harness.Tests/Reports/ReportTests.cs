using System.Text.RegularExpressions;
using System.Xml.Linq;
using SkiaSharp;
using TornPages.Harness.Reports;
using TornPages.Harness.Reports.Rendering;
using TornPages.Harness.Tests.Cli;

namespace TornPages.Harness.Tests.Reports;

/// <summary>The report of a small simulated sweep: every chart drawn, linked and captioned.</summary>
[Collection("sweeps")]
public class ReportTests(SweepFixture sweeps)
{
    [Fact]
    public void Every_chart_is_a_png_of_the_stated_size_not_all_one_colour_an_svg_that_parses_as_xml_and_its_data_as_csv()
    {
        string charts = Path.Combine(SweepFixture.Reported(sweeps.Full), "charts");
        foreach (var chart in ReportWriter.Charts)
        {
            using var png = SKBitmap.Decode(Path.Combine(charts, chart.Name + ".png"));
            Assert.True(png != null, $"{chart.Name}.png does not decode");
            Assert.Equal((FigureRenderer.Width, FigureRenderer.Height), (png.Width, png.Height));
            var colours = new HashSet<uint>();
            for (int y = 0; y < png.Height; y += 7)
            for (int x = 0; x < png.Width; x += 7)
                colours.Add((uint)png.GetPixel(x, y));
            Assert.True(colours.Count > 3, $"{chart.Name}.png has {colours.Count} colours");

            var svg = XDocument.Load(Path.Combine(charts, chart.Name + ".svg"));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            Assert.Equal(FigureRenderer.Width.ToString(), svg.Root.Attribute("width")?.Value);

            var csv = File.ReadAllLines(Path.Combine(charts, chart.Name + ".csv"));
            Assert.True(csv.Length > 1, $"{chart.Name}.csv has no rows");
        }
    }

    [Fact]
    public void Lines_charts_name_every_strategy_in_their_legend_and_label_both_axes()
    {
        string charts = Path.Combine(SweepFixture.Reported(sweeps.Full), "charts");
        foreach (var name in new[] { "wal_per_txn", "fsyncs", "throughput_latency", "wal_over_time", "recovery_vs_write_amplification",
                                     "clients_throughput_latency", "clients_fsyncs", "latency_over_time" })
        {
            string text = string.Concat(XDocument.Load(Path.Combine(charts, name + ".svg")).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value + "\n"));
            foreach (var s in new[] { "none", "fpw", "dwb-small", "shadow-8k", "lp-logged" })
                Assert.True(text.Contains(s), $"{name}.svg does not name {s}");
        }
        string wal = string.Concat(XDocument.Load(Path.Combine(charts, "wal_per_txn.svg")).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains("WAL bytes per transaction", wal);
        Assert.Contains("checkpoint every N transactions", wal);
    }

    [Fact]
    public void The_report_links_only_charts_that_exist_each_with_a_caption()
    {
        string dir = SweepFixture.Reported(sweeps.Full);
        string report = File.ReadAllText(Path.Combine(dir, "report.md"));
        var links = Regex.Matches(report, @"\]\((charts/[^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        foreach (var link in links) Assert.True(File.Exists(Path.Combine(dir, link)), $"report.md links {link}, which does not exist");
        foreach (var chart in ReportWriter.Charts)
        {
            Assert.Contains($"charts/{chart.Name}.png", report);
            Assert.Matches($@"\n\*[^*\n]+\* \(\[SVG\]\(charts/{chart.Name}\.svg\)", report);
        }
        Assert.Contains("## Differences from fpw", report);
        Assert.Contains("## Crash trials", report);
        // lp-logged's absolute records are larger than none's PostgreSQL-sized ones: the table says by how much.
        var onTop = Regex.Matches(report, @"\| (\S+) \| (\d+) \| (\d+) \| (\d+) \| \+(\d+) \(").ToList();
        Assert.NotEmpty(onTop);
        Assert.All(onTop, m => Assert.True(int.Parse(m.Groups[4].Value) > int.Parse(m.Groups[3].Value), m.Value));
    }

    [Fact]
    public void The_report_splits_syncs_and_bytes_by_cause_naming_only_the_causes_some_run_had()
    {
        string dir = SweepFixture.Reported(sweeps.Full);
        string report = File.ReadAllText(Path.Combine(dir, "report.md"));
        var header = Regex.Match(report, @"\n\| strategy \| (commit[^\n]*)\n").Groups[1].Value.Split(" | ").Select(h => h.Trim(' ', '|')).ToList();
        // The table is for the middle interval (400 transactions of 400 here: no checkpoint ends, no page is written).
        var runs = TornPages.Harness.Results.CsvAppender.Read<TornPages.Harness.Runs.RunResult>(Path.Combine(dir, "runs.csv"))
            .Where(r => r.CheckpointEvery == 400 && r.Dist == "uniform" && r.Clients == 1).ToList();
        Assert.Equal(runs.Any(r => r.SyncsCheckpoint > 0), header.Contains("checkpoint"));
        Assert.Equal(runs.Any(r => r.WriteBytesDoubleWrite > 0), header.Contains("double-write"));
        foreach (var s in new[] { "none", "fpw", "dwb-small", "shadow-8k", "lp-logged" })
        {
            var cells = Regex.Match(report, $@"\n\| {Regex.Escape(s)} \| ([0-9.]+ \(\d+\)(?: \| [0-9.]+ \(\d+\))*) \|\n").Groups[1].Value
                .Split(" | ").Select(c => double.Parse(c.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(header.Count, cells.Count);
            // One client: each commit syncs the WAL once.
            Assert.InRange(cells[header.IndexOf("commit")], 0.99, 1.01);
        }
    }

    [Fact]
    public void The_vacuum_policy_is_named_in_meta_json_and_in_the_report()
    {
        string dir = SweepFixture.Reported(sweeps.Full);
        var meta = TornPages.Harness.Results.MetaInfo.Read(Path.Combine(dir, "meta.json"))!;
        var runs = TornPages.Harness.Results.CsvAppender.Read<TornPages.Harness.Runs.RunResult>(Path.Combine(dir, "runs.csv"));
        Assert.NotNull(meta.VacuumPolicies);
        Assert.Equal(runs.Select(r => r.VacuumPolicy).Distinct().Order(), meta.VacuumPolicies!.Order());
        string report = File.ReadAllText(Path.Combine(dir, "report.md"));
        foreach (var policy in meta.VacuumPolicies!) Assert.Contains($"`{policy}`", report);
    }

    [Fact]
    public void A_sweep_without_crash_trials_or_more_than_one_client_has_no_charts_of_them_and_no_links_to_them()
    {
        string dir = SweepFixture.Reported(sweeps.Hdd);
        string report = File.ReadAllText(Path.Combine(dir, "report.md"));
        foreach (var name in new[] { "crash_trials", "recovery_time", "recovery_vs_write_amplification", "clients_throughput_latency", "clients_fsyncs" })
        {
            Assert.False(File.Exists(Path.Combine(dir, "charts", name + ".png")), $"{name}.png drawn without crash trials");
            Assert.DoesNotContain($"charts/{name}", report);
        }
        Assert.True(File.Exists(Path.Combine(dir, "charts", "wal_per_txn.png")));
    }

    [Fact]
    public void A_directory_without_results_is_one_line_and_exit_2()
    {
        var r = Tornbench.Run("report", Tornbench.TempDir());
        Assert.Equal(2, r.Exit);
        Assert.Contains("holds no runs.csv", r.Err);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("strategy,tps\nfpw,100\n", "The CSV header has no column for")]
    [InlineData(null, "'notanumber'")]
    public void A_results_file_of_another_version_or_with_a_damaged_cell_is_one_line_exit_2_and_no_report(string? text, string expected)
    {
        string dir = Tornbench.TempDir(), runs = Path.Combine(dir, "runs.csv");
        if (text == null)
        {
            Assert.Equal(0, Tornbench.Run("run", "--txns", "50", "--out", dir).Exit);
            var lines = File.ReadAllLines(runs);
            var cells = lines[1].Split(',');
            cells[Array.IndexOf(lines[0].Split(','), "scale")] = "notanumber";
            lines[1] = string.Join(',', cells);
            File.WriteAllLines(runs, lines);
        }
        else File.WriteAllText(runs, text);
        var r = Tornbench.Run("report", dir);
        Tests.Cli.BadInputTests.AssertOneLineError(r, "is not a results file this version of tornbench reads");
        Assert.Contains(expected, r.Err);
        Assert.False(File.Exists(Path.Combine(dir, "report.md")));
    }

    [Fact]
    public void A_damaged_meta_json_is_one_line_exit_2_and_no_report()
    {
        string dir = Tornbench.TempDir();
        Assert.Equal(0, Tornbench.Run("run", "--txns", "50", "--out", dir).Exit);
        File.WriteAllText(Path.Combine(dir, "meta.json"), "{ \"label\": ");
        var r = Tornbench.Run("report", dir);
        Tests.Cli.BadInputTests.AssertOneLineError(r, "meta.json is not a meta.json this version of tornbench reads");
        Assert.False(File.Exists(Path.Combine(dir, "report.md")));
    }
}
