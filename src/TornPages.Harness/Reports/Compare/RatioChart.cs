using ScottPlot;
using TornPages.Harness.Reports.Charts;

namespace TornPages.Harness.Reports.Compare;

/// <summary>
/// B/A per strategy: a panel per metric, a bar per checkpoint interval (the first distribution both
/// sweeps ran), solid where the seeds show a difference and pale where they do not, a line at 1.
/// </summary>
public static class RatioChart
{
    public const string Name = "compare_ratios";

    private static readonly string[] PanelMetrics = ["tps", "wal_bytes_per_txn", "write_bytes_per_txn"];

    private static readonly Color[] IntervalColors =
        new[] { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b" }.Select(Color.FromHex).ToArray();

    public static string Caption(SweepComparison c) =>
        $"B/A for {Path.GetFileName(c.B.Directory)} against {Path.GetFileName(c.A.Directory)}, {Dist(c)}: a bar per checkpoint interval, " +
        $"solid where Welch's test over seeds finds a difference at {Comparison.Alpha:P0}, pale where it does not; 1 means no change.";

    private static string Dist(SweepComparison c) => c.Rows.FirstOrDefault()?.Dist ?? "";

    /// <summary>A log-2 axis labelled in ratios (0.5x, 1x, 2x...), wide enough for the largest change either way.</summary>
    private static void RatioAxis(Plot plot, double low, double high)
    {
        double lo = Math.Min(-0.4, low * 1.1), hi = Math.Max(0.4, high * 1.1);
        // Small changes get ratio ticks between the powers of two; large ones every power (or every other).
        double[] fine = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2];
        int step = Math.Max(1, (int)Math.Ceiling((hi - lo) / 8));
        var ratios = hi - lo <= 2.2
            ? fine.Where(r => Math.Log2(r) >= lo && Math.Log2(r) <= hi).ToList()
            : Enumerable.Range((int)Math.Floor(lo), (int)Math.Ceiling(hi) - (int)Math.Floor(lo) + 1).Where(k => k % step == 0).Select(k => Math.Pow(2, k)).ToList();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ratios.Select(Math.Log2).ToArray(),
            ratios.Select(r => r.ToString(r < 0.1 ? "0.###" : "0.##", System.Globalization.CultureInfo.InvariantCulture) + "x").ToArray());
        plot.Axes.SetLimitsY(lo, hi);
    }

    public static Figure? Build(SweepComparison c)
    {
        string dist = Dist(c);
        var rows = c.Rows.Where(r => r.Dist == dist).ToList();
        if (rows.Count == 0) return null;
        var strategies = rows.Select(r => r.Strategy).Distinct().ToList();
        var intervals = rows.Select(r => r.CheckpointEvery).Distinct().Order().ToList();
        var table = new ChartTable("metric", "dist", "checkpoint_every", "strategy", "median_a", "median_b", "ratio_b_over_a", "welch_p", "significant");
        var panels = new List<Plot>();
        double width = 0.8 / intervals.Count;
        foreach (string metric in PanelMetrics)
        {
            int m = SweepComparison.Metrics.ToList().FindIndex(x => x.Name == metric);
            var plot = Panel.Create(SweepComparison.Metrics[m].Label + ", B/A", "strategy", $"{SweepComparison.Metrics[m].Label}: B ÷ A (log scale)");
            var bars = new List<Bar>();
            double low = 0, high = 0;
            foreach (var r in rows)
            {
                var cell = r.Cells[m];
                int i = intervals.IndexOf(r.CheckpointEvery);
                table.Add(metric, r.Dist, r.CheckpointEvery, r.Strategy, cell.MedianA, cell.MedianB, cell.Ratio,
                    double.IsNaN(cell.Test.WelchP) ? double.NaN : cell.Test.WelchP, cell.Test.Significant ? "yes" : "no");
                if (!double.IsFinite(cell.Ratio)) continue;
                var color = IntervalColors[i % IntervalColors.Length];
                // On a log axis a ratio is a bar up or down from 1: 2x and 0.5x are the same length.
                double y = Math.Log2(cell.Ratio);
                bars.Add(new Bar
                {
                    Position = strategies.IndexOf(r.Strategy) - 0.4 + width * (i + 0.5),
                    ValueBase = 0,
                    Value = y,
                    Size = width * 0.9,
                    FillColor = cell.Test.Significant ? color : color.WithAlpha(0.3),
                    LineColor = color,
                    LineWidth = 1,
                });
                low = Math.Min(low, y);
                high = Math.Max(high, y);
            }
            plot.Add.Bars(bars);
            plot.Add.HorizontalLine(0, 1.5f, Colors.Black, LinePattern.Solid);
            Panel.CategoryAxis(plot, strategies, PanelMetrics.Length);
            RatioAxis(plot, low, high);
            panels.Add(plot);
        }
        Panel.LegendRight(panels[^1], intervals.Select((v, i) => ($"checkpoint every {v}", IntervalColors[i % IntervalColors.Length]))
            .Append(("solid: seeds show it", Colors.Gray)).Append(("pale: they do not", Colors.Gray.WithAlpha(0.3))));
        return new Figure(panels, table);
    }
}
