using ScottPlot;

namespace TornPages.Harness.Reports.Charts;

/// <summary>Total bytes written per transaction, stacked by file class, a bar per strategy.</summary>
public sealed class BytesWrittenChart : Chart
{
    public override string Name => "bytes_written";

    private static int Interval(ReportData d) => d.CheckpointIntervals[d.CheckpointIntervals.Count / 2];

    private static readonly (string Class, Color Color, Func<Runs.RunResult, double> Bytes)[] Classes =
    [
        ("WAL", Color.FromHex("#1f77b4"), r => r.WalWriteBytes),
        ("data pages", Color.FromHex("#ff7f0e"), r => r.DataWriteBytes - r.CopyWriteBytes),
        ("page copies", Color.FromHex("#2ca02c"), r => r.CopyWriteBytes),
        ("double-write buffer", Color.FromHex("#d62728"), r => r.DwbWriteBytes),
        ("page map", Color.FromHex("#9467bd"), r => r.MapWriteBytes),
        ("control file", Color.FromHex("#7f7f7f"), r => r.ControlWriteBytes),
    ];

    public override string Caption(ReportData d) =>
        $"Bytes written per transaction by file class (median over seeds), {d.Dists.FirstOrDefault()}, checkpoint every {Interval(d)}.";

    public override Figure? Build(ReportData d)
    {
        if (d.CheckpointIntervals.Count == 0 || d.Dists.Count == 0) return null;
        string dist = d.Dists[0];
        int ckpt = Interval(d);
        var table = new ChartTable("strategy", "file_class", "bytes_per_txn");
        var values = new List<double[]>();
        foreach (var s in d.Strategies)
        {
            var row = Classes.Select(c => d.Median(s, dist, ckpt, r => c.Bytes(r) / r.Txns).Median).ToArray();
            for (int k = 0; k < Classes.Length; k++) table.Add(s, Classes[k].Class, row[k]);
            values.Add(row);
        }
        var plot = Panel.Create($"Bytes written per transaction ({dist}, checkpoint every {ckpt})", "strategy", "bytes written per transaction");
        double top = Panel.StackedBars(plot, values, Classes.Select(c => c.Color).ToList());
        Panel.CategoryAxis(plot, d.Strategies);
        Panel.FromZero(plot, top);
        // Only the classes some strategy writes: an empty legend entry would name a file nobody wrote.
        Panel.LegendRight(plot, Classes.Where((c, k) => values.Any(v => v[k] > 0)).Select(c => (c.Class, c.Color)));
        return new Figure(plot, table);
    }
}
