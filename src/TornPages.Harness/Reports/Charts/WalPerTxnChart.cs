namespace TornPages.Harness.Reports.Charts;

/// <summary>The headline: WAL bytes per transaction against checkpoint interval, a line per strategy, uniform and skewed side by side.</summary>
public sealed class WalPerTxnChart : Chart
{
    public override string Name => "wal_per_txn";

    public override string Caption(ReportData d) =>
        $"WAL bytes per transaction (median over seeds) against the checkpoint interval, {d.MainScript}, {string.Join(" and ", d.Dists)}.";

    public override string? Prepare(ReportData d, string dir)
    {
        if (d.CheckpointIntervals.Count == 0) return null;
        var sb = new System.Text.StringBuilder(Preamble(""));
        sb.Append("unset title\n");
        sb.Append($"set multiplot layout 1,{d.Dists.Count} title {Q("WAL volume per transaction by checkpoint interval")}\n");
        for (int i = 0; i < d.Dists.Count; i++)
        {
            string dist = d.Dists[i];
            string file = $"{Name}_{i}.dat";
            WriteTable(Path.Combine(dir, file), "checkpoint_every", d.Strategies,
                d.CheckpointIntervals.Select(c => (c.ToString(), d.Strategies.Select(s => d.Median(s, dist, c, r => r.WalBytesPerTxn).Median).ToArray())));
            sb.Append($"set title {Q("aid " + dist)}\n");
            sb.Append(IntervalAxis(d)).Append("set ylabel 'WAL bytes per transaction'\nset yrange [0:*]\n");
            sb.Append(i == d.Dists.Count - 1 ? "set key outside right top\n" : "unset key\n");
            sb.Append($"plot for [c=2:{d.Strategies.Count + 1}] {Q(file)} using 1:c with linespoints linewidth 2 title columnhead(c)\n");
        }
        sb.Append("unset multiplot\n");
        return sb.ToString();
    }
}
