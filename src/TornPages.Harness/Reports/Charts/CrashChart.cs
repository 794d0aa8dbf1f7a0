using ScottPlot;

namespace TornPages.Harness.Reports.Charts;

/// <summary>Crash-trial outcomes, stacked, a bar per strategy and sector size.</summary>
public sealed class CrashChart : Chart
{
    public override string Name => "crash_trials";

    private static readonly (string Outcome, Color Color, Func<Trials.CrashSummary, int> Count)[] Outcomes =
    [
        ("passed", Color.FromHex("#2ca02c"), c => c.Passed),
        ("torn page", Color.FromHex("#d62728"), c => c.FailedTornPage),
        ("lost commit", Color.FromHex("#ff7f0e"), c => c.FailedLostCommit),
        ("wrong data", Color.FromHex("#9467bd"), c => c.FailedWrongData),
        ("recovery error", Color.FromHex("#7f7f7f"), c => c.FailedRecoveryError),
    ];

    public override string Caption(ReportData d) =>
        "Crash-trial outcomes per strategy and sector size in bytes under the sector fault model (A = the device writes an atomic unit, so no page tears); the other fault models are in the strategy x fault table.";

    public override Figure? Build(ReportData d)
    {
        if (!d.Crash.Any(c => c.UnderDefaultCondition())) return null;
        var table = new ChartTable("strategy", "sector", "atomic_unit", "outcome", "trials");
        var labels = new List<string>();
        var values = new List<double[]>();
        foreach (var c in d.Crash.Where(c => c.UnderDefaultCondition()))
        {
            labels.Add($"{c.Strategy}/{c.Sector}{(c.AtomicUnit > 0 ? "A" : "")}");
            values.Add(Outcomes.Select(o => (double)o.Count(c)).ToArray());
            foreach (var o in Outcomes) table.Add(c.Strategy, c.Sector, c.AtomicUnit, o.Outcome, o.Count(c));
        }
        var plot = Panel.Create("Crash trials: outcomes", "strategy / sector size (bytes)", "trials");
        double top = Panel.StackedBars(plot, values, Outcomes.Select(o => o.Color).ToList());
        Panel.CategoryAxis(plot, labels);
        Panel.FromZero(plot, top);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        Panel.LegendRight(plot, Outcomes.Select(o => (o.Outcome, o.Color)));
        return new Figure(plot, table);
    }
}
