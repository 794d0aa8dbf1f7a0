using TornPages.Harness.Runs;

namespace TornPages.Harness.Reports.Charts;

/// <summary>Two metrics against the number of clients, a line per strategy (the first distribution, the middle checkpoint interval).</summary>
public abstract class ClientsChart : Chart
{
    protected abstract (string Title, string YLabel, Func<RunResult, double> Metric)[] Panels(ReportData d);

    protected static int Interval(ReportData d) => d.CheckpointIntervals[d.CheckpointIntervals.Count / 2];

    public override Figure? Build(ReportData d)
    {
        if (d.ClientCounts.Count < 2 || d.Dists.Count == 0 || d.CheckpointIntervals.Count == 0) return null;
        string dist = d.Dists[0];
        int ckpt = Interval(d);
        var clients = new MedianLines.Axis("clients", "clients (log scale)", d.ClientCounts);
        return MedianLines.Build(d, clients, Panels(d).Select(p => new MedianLines.PanelSpec(
            $"{p.Title}, {dist}, checkpoint every {ckpt}", dist, p.YLabel, (s, n) => d.Select(s, dist, ckpt, n), p.Metric)).ToList());
    }
}

public sealed class ClientsThroughputChart : ClientsChart
{
    public override string Name => "clients_throughput_latency";

    public override string Caption(ReportData d) =>
        $"Transactions per second and p99 commit latency against the number of clients ({ChartText.Time(d)}), {d.Dists.FirstOrDefault()}, " +
        $"checkpoint every {Interval(d)}: medians over seeds with 95% confidence intervals.";

    protected override (string, string, Func<RunResult, double>)[] Panels(ReportData d) =>
    [
        ("throughput", $"transactions per second ({ChartText.Time(d)})", r => r.Tps),
        ("commit latency, 99th percentile", $"p99 commit latency, ms ({ChartText.Time(d)})", r => r.LatencyP99Ms),
    ];
}

public sealed class ClientsFsyncChart : ClientsChart
{
    public override string Name => "clients_fsyncs";

    public override string Caption(ReportData d) =>
        $"fsyncs per second and per transaction against the number of clients: group commit lets one flush serve several commits, " +
        $"{d.Dists.FirstOrDefault()}, checkpoint every {Interval(d)}.";

    protected override (string, string, Func<RunResult, double>)[] Panels(ReportData d) =>
    [
        ("fsyncs per second", $"fsyncs per second ({ChartText.Time(d)})", r => r.FsyncPerS),
        ("fsyncs per transaction", "fsyncs per transaction", r => r.FsyncPerTxn),
    ];
}
