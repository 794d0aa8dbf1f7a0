namespace TornPages.Harness.Reports.Charts;

/// <summary>p99 commit latency in each sampling interval of one run, with the intervals in which a checkpoint was writing marked.</summary>
public sealed class LatencyOverTimeChart : Chart
{
    public override string Name => "latency_over_time";

    /// <summary>The first distribution, the shortest interval (most checkpoints), the most clients.</summary>
    private static (string Dist, int Ckpt, int Clients) Config(ReportData d) => (d.Dists[0], d.CheckpointIntervals[0], d.ClientCounts[^1]);

    public override string Caption(ReportData d)
    {
        var (dist, ckpt, clients) = Config(d);
        return $"p99 commit latency in each sampling interval over one run (seed 1, {dist}, checkpoint every {ckpt}, {clients} client(s), {ChartText.Time(d)}); " +
               "filled markers: a checkpoint was writing in that interval.";
    }

    public override Figure? Build(ReportData d)
    {
        if (d.Timeseries.Count == 0 || d.CheckpointIntervals.Count == 0 || d.Dists.Count == 0) return null;
        var (dist, ckpt, clients) = Config(d);
        var table = new ChartTable("strategy", "t_s", "txn", "latency_p99_ms", "checkpoint_active");
        var plot = Panel.Create($"p99 commit latency over time ({dist}, checkpoint every {ckpt}, {clients} client(s))",
            $"seconds since the start of the run ({ChartText.Time(d)})", "p99 commit latency in the interval, ms");
        double max = 0, last = 0;
        foreach (var style in StrategyStyle.All(d))
        {
            var rows = d.Timeseries
                .Where(t => t.Strategy == style.Strategy && t.Dist == dist && t.CheckpointEvery == ckpt && t.Seed == 1 &&
                            t.Device == d.MainDevice && t.Clients == clients && t.LatencyP99Ms > 0)
                .OrderBy(t => t.ElapsedS).ToList();
            if (rows.Count == 0) continue;
            foreach (var r in rows) table.Add(style.Strategy, r.ElapsedS, r.Txn, r.LatencyP99Ms, r.CheckpointActive);
            var line = plot.Add.Scatter(rows.Select(r => r.ElapsedS).ToArray(), rows.Select(r => r.LatencyP99Ms).ToArray(), style.Color);
            line.LegendText = style.Strategy;
            line.LineWidth = 1.5f;
            line.LinePattern = style.Pattern;
            line.MarkerShape = ScottPlot.MarkerShape.None;
            var active = rows.Where(r => r.CheckpointActive == 1).ToList();
            if (active.Count > 0)
            {
                var marks = plot.Add.Scatter(active.Select(r => r.ElapsedS).ToArray(), active.Select(r => r.LatencyP99Ms).ToArray(), style.Color);
                marks.LineWidth = 0;
                marks.MarkerShape = ScottPlot.MarkerShape.FilledCircle;
                marks.MarkerSize = 5;
            }
            max = Math.Max(max, rows.Max(r => r.LatencyP99Ms));
            last = Math.Max(last, rows[^1].ElapsedS);
        }
        if (table.Rows.Count == 0) return null;
        plot.Axes.SetLimitsX(0, last * 1.02);
        Panel.FromZero(plot, max);
        Panel.LegendRight(plot);
        return new Figure(plot, table);
    }
}
