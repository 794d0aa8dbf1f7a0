namespace TornPages.Harness.Reports.Charts;

/// <summary>Median recovery time in the crash trials, a bar per strategy.</summary>
public sealed class RecoveryChart : Chart
{
    public override string Name => "recovery_time";

    public override string Caption(ReportData d) =>
        "Median time of crash recovery in the trials (prologue, WAL replay, end-of-recovery checkpoint; simulated device, CPU time).";

    /// <summary>Per strategy, the mean over sector sizes of the median recovery time of trials without an atomic unit under the sector fault model.</summary>
    public static IReadOnlyList<(string Strategy, double Ms)> Times(ReportData d) =>
        d.Crash.Where(c => c.AtomicUnit == 0 && c.UnderDefaultCondition()).GroupBy(c => c.Strategy)
            .Select(g => (g.Key, g.Average(c => c.RecoveryMsMedian))).ToList();

    public override Figure? Build(ReportData d)
    {
        var rows = Times(d);
        if (rows.Count == 0) return null;
        var table = new ChartTable("strategy", "recovery_ms_median");
        foreach (var (s, ms) in rows) table.Add(s, ms);
        var plot = Panel.Create("Crash recovery time (median over trials)", "strategy", "recovery time, ms (CPU time)");
        var bars = plot.Add.Bars(rows.Select((r, i) => new ScottPlot.Bar
        {
            Position = i, Value = r.Ms, Size = 0.6, LineWidth = 0, FillColor = StrategyStyle.For(d, r.Strategy).Color,
        }).ToList());
        Panel.CategoryAxis(plot, rows.Select(r => r.Strategy).ToList());
        Panel.FromZero(plot, rows.Max(r => r.Ms));
        return new Figure(plot, table);
    }
}
