using ScottPlot;
using TornPages.Harness.Runs;

namespace TornPages.Harness.Reports.Charts;

/// <summary>
/// Panels of a metric against a swept parameter (checkpoint interval, clients) on a log-2 axis, a
/// line per strategy through the medians over seeds with their 95% confidence intervals.
/// </summary>
public static class MedianLines
{
    /// <summary>The swept parameter: its CSV column, its axis label, its values (ticks at exactly these).</summary>
    public sealed record Axis(string Column, string Label, IReadOnlyList<int> Values);

    /// <summary>One panel: the runs of a strategy at a value of the axis, and the metric drawn from them.</summary>
    public sealed record PanelSpec(string Title, string Dist, string YLabel, Func<string, int, IReadOnlyList<RunResult>> Runs, Func<RunResult, double> Metric);

    /// <summary>The checkpoint interval as the axis.</summary>
    public static Axis Intervals(ReportData d) => new("checkpoint_every", "checkpoint every N transactions (log scale)", d.CheckpointIntervals);

    /// <param name="sameScale">Every panel on one y scale (the same metric under different distributions, compared by eye).</param>
    public static Figure? Build(ReportData d, Axis x, IReadOnlyList<PanelSpec> specs, bool sameScale = false)
    {
        if (x.Values.Count == 0 || specs.Count == 0) return null;
        var table = new ChartTable("panel", "dist", "strategy", x.Column, "median", "ci_lower", "ci_upper", "seeds");
        var panels = new List<Plot>();
        var tops = new List<double>();
        var styles = StrategyStyle.All(d);
        foreach (var spec in specs)
        {
            var plot = Panel.Create(spec.Title, x.Label, spec.YLabel);
            Panel.LogAxis(plot, x.Values);
            double max = 0;
            for (int k = 0; k < styles.Count; k++)
            {
                var style = styles[k];
                var estimates = x.Values.Select(v => Statistics.Median(spec.Runs(style.Strategy, v).Select(spec.Metric).ToList())).ToList();
                for (int i = 0; i < estimates.Count; i++)
                {
                    var e = estimates[i];
                    if (e.N == 0) continue;
                    table.Add(spec.YLabel, spec.Dist, style.Strategy, x.Values[i], e.Median, e.HasInterval ? e.Lower : double.NaN, e.HasInterval ? e.Upper : double.NaN, e.N);
                    max = Math.Max(max, e.HasInterval ? Math.Max(e.Upper, e.Median) : e.Median);
                }
                Panel.Line(plot, style, x.Values.Select(v => Math.Log2(v) + Panel.Dodge(k, styles.Count)).ToList(), estimates);
            }
            tops.Add(max);
            panels.Add(plot);
        }
        if (table.Rows.Count == 0) return null;
        for (int i = 0; i < panels.Count; i++) Panel.FromZero(panels[i], sameScale ? tops.Max() : tops[i]);
        Panel.LegendRight(panels[^1]);
        return new Figure(panels, table);
    }
}
