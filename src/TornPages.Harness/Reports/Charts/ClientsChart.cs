using ScottPlot;
using TornPages.Harness.Runs;

namespace TornPages.Harness.Reports.Charts;

/// <summary>Two metrics against the number of clients, a line per strategy (the first distribution, the middle checkpoint interval).</summary>
public abstract class ClientsChart : Chart
{
    protected abstract (string Title, string YLabel, Func<RunResult, double> Metric)[] Panels(ReportData d);

    protected static int Interval(ReportData d) => d.CheckpointIntervals[d.CheckpointIntervals.Count / 2];

    public override Figure? Build(ReportData d)
    {
        var counts = d.ClientCounts;
        if (counts.Count < 2 || d.Dists.Count == 0 || d.CheckpointIntervals.Count == 0) return null;
        string dist = d.Dists[0];
        int ckpt = Interval(d);
        var table = new ChartTable("panel", "dist", "checkpoint_every", "strategy", "clients", "median", "ci_lower", "ci_upper", "seeds");
        var panels = new List<Plot>();
        double[] positions = counts.Select(c => Math.Log2(c)).ToArray();
        foreach (var (title, yLabel, metric) in Panels(d))
        {
            var plot = Panel.Create($"{title}, {dist}, checkpoint every {ckpt}", "clients (log scale)", yLabel);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, counts.Select(c => c.ToString()).ToArray());
            plot.Axes.SetLimitsX(positions[0] - 0.4, positions[^1] + 0.4);
            double max = 0;
            var styles = StrategyStyle.All(d);
            for (int k = 0; k < styles.Count; k++)
            {
                var style = styles[k];
                var estimates = counts.Select(c => Statistics.Median(d.Select(style.Strategy, dist, ckpt, c).Select(metric).ToList())).ToList();
                for (int i = 0; i < counts.Count; i++)
                {
                    var e = estimates[i];
                    if (e.N == 0) continue;
                    table.Add(yLabel, dist, ckpt, style.Strategy, counts[i], e.Median, e.HasInterval ? e.Lower : double.NaN, e.HasInterval ? e.Upper : double.NaN, e.N);
                    max = Math.Max(max, e.HasInterval ? Math.Max(e.Upper, e.Median) : e.Median);
                }
                Panel.Line(plot, style, positions.Select(p => p + Panel.Dodge(k, styles.Count)).ToList(), estimates);
            }
            Panel.FromZero(plot, max);
            panels.Add(plot);
        }
        if (table.Rows.Count == 0) return null;
        Panel.LegendRight(panels[^1]);
        return new Figure(panels, table);
    }
}

public sealed class ClientsThroughputChart : ClientsChart
{
    public override string Name => "clients_throughput_latency";

    public override string Caption(ReportData d) =>
        $"Transactions per second and p99 commit latency against the number of clients ({ChartText.Time(d)}), {d.Dists.FirstOrDefault()}, " +
        $"checkpoint every {Interval(d)}: medians over seeds with 95% confidence intervals.";

    protected override (string, string, Func<RunResult, double>)[] Panels(ReportData d) =>
    [
        ("throughput", $"transactions per second ({ChartText.Time(d)})", r => r.Tps),
        ("commit latency, 99th percentile", $"p99 commit latency, ms ({ChartText.Time(d)})", r => r.LatencyP99Ms),
    ];
}

public sealed class ClientsFsyncChart : ClientsChart
{
    public override string Name => "clients_fsyncs";

    public override string Caption(ReportData d) =>
        $"fsyncs per second and per transaction against the number of clients: group commit lets one flush serve several commits, " +
        $"{d.Dists.FirstOrDefault()}, checkpoint every {Interval(d)}.";

    protected override (string, string, Func<RunResult, double>)[] Panels(ReportData d) =>
    [
        ("fsyncs per second", $"fsyncs per second ({ChartText.Time(d)})", r => r.FsyncPerS),
        ("fsyncs per transaction", "fsyncs per transaction", r => r.FsyncPerTxn),
    ];
}
