namespace TornPages.Harness.Reports.Charts;

/// <summary>The headline: WAL bytes per transaction against checkpoint interval, a line per strategy, uniform and skewed side by side.</summary>
public sealed class WalPerTxnChart : Chart
{
    public override string Name => "wal_per_txn";

    public override string Caption(ReportData d) =>
        $"WAL bytes per transaction against the checkpoint interval, {d.MainScript}, {string.Join(" and ", d.Dists)}: medians over seeds " +
        "with their 95% confidence intervals as error bars; strategies that write the same WAL overlap, told apart by marker and line pattern.";

    public override Figure? Build(ReportData d) =>
        MedianLines.Build(d, MedianLines.Intervals(d), d.Dists.Select(dist => new MedianLines.PanelSpec(
            $"WAL volume per transaction, aid {dist}", dist, "WAL bytes per transaction", (s, c) => d.Select(s, dist, c), r => r.WalBytesPerTxn)).ToList(),
            sameScale: true);
}
