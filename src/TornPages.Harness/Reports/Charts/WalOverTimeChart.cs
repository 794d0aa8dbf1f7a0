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

    public override Figure? Build(ReportData d)
    {
        if (d.Timeseries.Count == 0 || d.CheckpointIntervals.Count == 0 || d.Dists.Count == 0) return null;
        var (dist, ckpt) = Config(d);
        var table = new ChartTable("strategy", "txn", "wal_bytes_per_txn");
        var plot = Panel.Create($"WAL per transaction over time ({dist}, checkpoint every {ckpt} transactions)",
            "transactions since the start of the run", "WAL bytes per transaction (per sampling interval)");
        double max = 0;
        int lastTxn = 0;
        foreach (var style in StrategyStyle.All(d))
        {
            var samples = d.Timeseries
                .Where(t => t.Strategy == style.Strategy && t.Dist == dist && t.CheckpointEvery == ckpt && t.Seed == 1 && t.Device == d.MainDevice)
                .OrderBy(t => t.Txn).ToList();
            var xs = new List<double>();
            var ys = new List<double>();
            // Counters are cumulative from the start of the run, so "before the first sample" is zero.
            long prevTxn = 0, prevWal = 0;
            foreach (var t in samples)
            {
                if (t.Txn <= prevTxn) continue;
                double perTxn = (double)(t.WalBytes - prevWal) / (t.Txn - prevTxn);
                table.Add(style.Strategy, t.Txn, perTxn);
                xs.Add(t.Txn);
                ys.Add(perTxn);
                max = Math.Max(max, perTxn);
                lastTxn = Math.Max(lastTxn, t.Txn);
                (prevTxn, prevWal) = (t.Txn, t.WalBytes);
            }
            if (xs.Count == 0) continue;
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), style.Color);
            line.LegendText = style.Strategy;
            line.LineWidth = 2;
            line.LinePattern = style.Pattern;
            line.MarkerShape = ScottPlot.MarkerShape.None;
        }
        if (table.Rows.Count == 0) return null;
        // A tick at every checkpoint, so each rise lines up with the checkpoint that caused it.
        var ticks = Enumerable.Range(0, lastTxn / ckpt + 1).Select(i => (double)(i * ckpt)).ToArray();
        if (ticks.Length <= 24)
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, ticks.Select(t => t.ToString("0")).ToArray());
        plot.Axes.SetLimitsX(0, lastTxn);
        Panel.FromZero(plot, max);
        Panel.LegendRight(plot);
        return new Figure(plot, table);
    }
}
