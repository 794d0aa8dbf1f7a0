using ScottPlot;

namespace TornPages.Harness.Reports.Charts;

/// <summary>
/// The trade-off in one picture: a point per strategy, what it writes in normal running against
/// how long it takes to recover from a crash.
/// </summary>
public sealed class RecoveryTradeoffChart : Chart
{
    public override string Name => "recovery_vs_write_amplification";

    private static int Interval(ReportData d) => d.CheckpointIntervals[d.CheckpointIntervals.Count / 2];

    public override string Caption(ReportData d) =>
        $"Recovery time in the crash trials against write amplification ({d.Dists.FirstOrDefault()}, checkpoint every {Interval(d)}): " +
        "bytes written to every file per byte of WAL record without page images (the logical change); lower left is better on both.";

    /// <summary>All bytes written per byte of logical change: WAL records with their images stripped.</summary>
    public static double WriteAmplification(Runs.RunResult r) =>
        r.WalRecordBytes > 0 ? (double)r.TotalWriteBytes / r.WalRecordBytes : double.NaN;

    public override Figure? Build(ReportData d)
    {
        if (d.CheckpointIntervals.Count == 0 || d.Dists.Count == 0) return null;
        var recovery = RecoveryChart.Times(d).ToDictionary(t => t.Strategy, t => t.Ms);
        string dist = d.Dists[0];
        int ckpt = Interval(d);
        var table = new ChartTable("strategy", "write_amplification", "ci_lower", "ci_upper", "recovery_ms_median");
        var plot = Panel.Create($"Recovery time against write amplification ({dist}, checkpoint every {ckpt})",
            "write amplification: bytes written ÷ WAL record bytes without images", "recovery time, ms (CPU time)");
        double maxX = 0, maxY = 0;
        foreach (var style in StrategyStyle.All(d))
        {
            if (!recovery.TryGetValue(style.Strategy, out double ms)) continue;
            var wa = d.Median(style.Strategy, dist, ckpt, WriteAmplification);
            if (!double.IsFinite(wa.Median)) continue;
            table.Add(style.Strategy, wa.Median, wa.HasInterval ? wa.Lower : double.NaN, wa.HasInterval ? wa.Upper : double.NaN, ms);
            var point = plot.Add.Scatter(wa.Median, ms, style.Color);
            point.MarkerShape = style.Marker;
            point.MarkerSize = 13;
            point.LegendText = style.Strategy;
            var label = plot.Add.Text(style.Strategy, wa.Median, ms);
            label.LabelFontName = Rendering.ChartFont.Family;
            label.LabelFontSize = 12;
            label.LabelFontColor = style.Color;
            label.LabelAlignment = Alignment.LowerLeft;
            label.OffsetX = 8;
            label.OffsetY = -4;
            maxX = Math.Max(maxX, wa.HasInterval ? wa.Upper : wa.Median);
            maxY = Math.Max(maxY, ms);
        }
        if (table.Rows.Count == 0) return null;
        plot.Axes.SetLimitsX(0, maxX * 1.2);
        Panel.FromZero(plot, maxY);
        Panel.LegendRight(plot);
        return new Figure(plot, table);
    }
}
