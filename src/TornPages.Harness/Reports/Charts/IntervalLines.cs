using ScottPlot;
using TornPages.Harness.Runs;

namespace TornPages.Harness.Reports.Charts;

/// <summary>Panels of a metric against the checkpoint interval, a line per strategy through medians with their confidence intervals.</summary>
public static class IntervalLines
{
    public sealed record PanelSpec(string Title, string Dist, string YLabel, Func<RunResult, double> Metric);

    /// <param name="sameScale">Every panel on one y scale (the same metric under different distributions, compared by eye).</param>
    public static Figure? Build(ReportData d, IReadOnlyList<PanelSpec> specs, bool sameScale = false)
    {
        if (d.CheckpointIntervals.Count == 0 || specs.Count == 0) return null;
        var table = new ChartTable("panel", "dist", "strategy", "checkpoint_every", "median", "ci_lower", "ci_upper", "seeds");
        var panels = new List<Plot>();
        var tops = new List<double>();
        foreach (var spec in specs)
        {
            var plot = Panel.Create(spec.Title, "checkpoint every N transactions (log scale)", spec.YLabel);
            Panel.IntervalAxis(plot, d.CheckpointIntervals);
            double max = 0;
            var styles = StrategyStyle.All(d);
            for (int k = 0; k < styles.Count; k++)
            {
                var style = styles[k];
                var estimates = d.CheckpointIntervals.Select(c => d.Median(style.Strategy, spec.Dist, c, spec.Metric)).ToList();
                for (int i = 0; i < estimates.Count; i++)
                {
                    var e = estimates[i];
                    if (e.N == 0) continue;
                    table.Add(spec.YLabel, spec.Dist, style.Strategy, d.CheckpointIntervals[i], e.Median, e.HasInterval ? e.Lower : double.NaN, e.HasInterval ? e.Upper : double.NaN, e.N);
                    max = Math.Max(max, e.HasInterval ? Math.Max(e.Upper, e.Median) : e.Median);
                }
                Panel.Line(plot, style, d.CheckpointIntervals.Select(c => Panel.IntervalPosition(c) + Panel.Dodge(k, styles.Count)).ToList(), estimates);
            }
            tops.Add(max);
            panels.Add(plot);
        }
        for (int i = 0; i < panels.Count; i++) Panel.FromZero(panels[i], sameScale ? tops.Max() : tops[i]);
        Panel.LegendRight(panels[^1]);
        return new Figure(panels, table);
    }
}
