namespace TornPages.Harness.Reports.Charts;

/// <summary>WAL bytes per transaction over the run: the spike after each checkpoint is the cost of page images.</summary>
public sealed class WalOverTimeChart : Chart
{
    public override string Name => "wal_over_time";

    /// <summary>The most skewed distribution (its hot pages are imaged again after every checkpoint) at the shortest interval (most cycles).</summary>
    private static (string Dist, int Ckpt) Config(ReportData d) => (d.Dists[^1], d.CheckpointIntervals[0]);

    public override string Caption(ReportData d)
    {
        var (dist, ckpt) = Config(d);
        int vacuum = d.Runs.FirstOrDefault()?.VacuumEvery ?? 0;
        return $"WAL bytes per transaction in each sampling interval over one run (seed 1, {dist}, checkpoint every {ckpt}): images rise after each checkpoint" +
               (vacuum > 0 ? $", and spike at each vacuum (every {vacuum}), whose prune records are imaged too." : ".");
    }

    public override string? Prepare(ReportData d, string dir)
    {
        if (d.Timeseries.Count == 0 || d.CheckpointIntervals.Count == 0) return null;
        var (dist, ckpt) = Config(d);
        var series = d.Strategies.ToDictionary(s => s, s => d.Timeseries
            .Where(t => t.Strategy == s && t.Dist == dist && t.CheckpointEvery == ckpt && t.Seed == 1 && t.Device == d.MainDevice)
            .OrderBy(t => t.Txn).ToList());
        var txns = series.Values.SelectMany(l => l.Select(t => t.Txn)).Distinct().Order().ToList();
        if (txns.Count < 1) return null;
        var rows = new List<(string, double[])>();
        for (int i = 0; i < txns.Count; i++)
        {
            int from = i == 0 ? 0 : txns[i - 1], to = txns[i];
            rows.Add((to.ToString(), d.Strategies.Select(s =>
            {
                // Counters are cumulative from the start of the run, so "before the first sample" is zero.
                long? a = i == 0 ? 0 : series[s].FirstOrDefault(t => t.Txn == from)?.WalBytes;
                long? b = series[s].FirstOrDefault(t => t.Txn == to)?.WalBytes;
                return a != null && b != null ? (double)(b.Value - a.Value) / (to - from) : double.NaN;
            }).ToArray()));
        }
        WriteTable(Path.Combine(dir, Name + ".dat"), "txn", d.Strategies, rows);
        return Preamble($"WAL per transaction over time ({dist}, checkpoint every {ckpt} transactions)") +
               $"set xlabel 'transactions since the start of the run'\nset ylabel 'WAL bytes per transaction'\nset yrange [0:*]\nset xtics {ckpt}\n" +
               $"plot for [c=2:{d.Strategies.Count + 1}] {Q(Name + ".dat")} using 1:c with lines linewidth 2 title columnhead(c)\n";
    }
}
