using ScottPlot;
using TornPages.Storage;

namespace TornPages.Harness.Reports.Charts;

/// <summary>
/// Syncs and bytes written per transaction, stacked by why they were made (runs.csv syncs_CAUSE and
/// write_bytes_CAUSE), a bar per strategy: Tom Lane's rule (WAL synced at commit, when a dirty page
/// is written out, at checkpoint) read off each strategy.
/// </summary>
public sealed class IoByCauseChart : Chart
{
    public override string Name => "io_by_cause";

    private static readonly (IoCause Cause, string Label, Color Color)[] Causes =
    [
        (IoCause.Commit, "commit", Color.FromHex("#1f77b4")),
        (IoCause.Eviction, "eviction by a client", Color.FromHex("#ff7f0e")),
        (IoCause.BgWriter, "background writer", Color.FromHex("#bcbd22")),
        (IoCause.Checkpoint, "checkpoint", Color.FromHex("#2ca02c")),
        (IoCause.WalFull, "WAL buffers full", Color.FromHex("#17becf")),
        (IoCause.DoubleWrite, "double-write", Color.FromHex("#d62728")),
        (IoCause.Map, "page map", Color.FromHex("#9467bd")),
        (IoCause.Control, "control file", Color.FromHex("#7f7f7f")),
        (IoCause.Other, "other", Color.FromHex("#e377c2")),
    ];

    private static int Interval(ReportData d) => d.CheckpointIntervals[d.CheckpointIntervals.Count / 2];

    public override string Caption(ReportData d) =>
        $"Syncs and bytes written per transaction by cause (median over seeds), {d.Dists.FirstOrDefault()}, checkpoint every {Interval(d)}.";

    /// <summary>Per strategy, the median syncs and bytes per transaction of each cause, in <see cref="Causes"/> order; null when the runs have no cause columns.</summary>
    public static (string Dist, int Checkpoint, List<(string Strategy, double[] Syncs, double[] Bytes)> Rows)? Medians(ReportData d)
    {
        if (d.CheckpointIntervals.Count == 0 || d.Dists.Count == 0) return null;
        string dist = d.Dists[0];
        int ckpt = Interval(d);
        // Sweeps from before the columns read every cause as 0: nothing to show.
        if (!d.Strategies.SelectMany(s => d.Select(s, dist, ckpt)).Any(r => IoCauses.All.Any(c => r.SyncsBy(c) > 0))) return null;
        var rows = d.Strategies.Select(s => (s,
            Causes.Select(c => d.Median(s, dist, ckpt, r => (double)r.SyncsBy(c.Cause) / r.Txns).Median).ToArray(),
            Causes.Select(c => d.Median(s, dist, ckpt, r => (double)r.WriteBytesBy(c.Cause) / r.Txns).Median).ToArray())).ToList();
        return (dist, ckpt, rows);
    }

    public static IReadOnlyList<string> Labels => Causes.Select(c => c.Label).ToList();

    public override Figure? Build(ReportData d)
    {
        if (Medians(d) is not var (dist, ckpt, rows)) return null;
        var table = new ChartTable("strategy", "cause", "syncs_per_txn", "write_bytes_per_txn");
        foreach (var (s, sy, by) in rows)
            for (int k = 0; k < Causes.Length; k++) table.Add(s, IoCauses.Column(Causes[k].Cause), sy[k], by[k]);
        var syncs = rows.Select(r => r.Syncs).ToList();
        var bytes = rows.Select(r => r.Bytes).ToList();
        var colors = Causes.Select(c => c.Color).ToList();
        var left = Panel.Create($"Syncs per transaction by cause ({dist}, checkpoint every {ckpt})", "strategy", "syncs per transaction");
        Panel.FromZero(left, Panel.StackedBars(left, syncs, colors));
        Panel.CategoryAxis(left, d.Strategies, panelsInFigure: 2);
        var right = Panel.Create("Bytes written per transaction by cause", "strategy", "bytes written per transaction");
        Panel.FromZero(right, Panel.StackedBars(right, bytes, colors));
        Panel.CategoryAxis(right, d.Strategies, panelsInFigure: 2);
        // Only the causes some strategy has: an empty legend entry would name a cause nothing had.
        Panel.LegendRight(right, Causes.Where((c, k) => syncs.Any(v => v[k] > 0) || bytes.Any(v => v[k] > 0)).Select(c => (c.Label, c.Color)));
        return new Figure([left, right], table);
    }
}
