using TornPages.Harness.Runs;

namespace TornPages.Harness.Reports.Charts;

/// <summary>Two metrics side by side against the checkpoint interval, a line per strategy (the first distribution).</summary>
public abstract class LinesByIntervalChart : Chart
{
    protected abstract (string Title, string YLabel, Func<RunResult, double> Metric)[] Panels(ReportData d);

    public override Figure? Build(ReportData d)
    {
        if (d.Dists.Count == 0) return null;
        string dist = d.Dists[0];
        return MedianLines.Build(d, MedianLines.Intervals(d),
            Panels(d).Select(p => new MedianLines.PanelSpec($"{p.Title}, {dist}", dist, p.YLabel, (s, c) => d.Select(s, dist, c), p.Metric)).ToList());
    }
}

public sealed class FsyncChart : LinesByIntervalChart
{
    public override string Name => "fsyncs";

    public override string Caption(ReportData d) =>
        $"fsyncs per transaction and per second ({ChartText.Time(d)}), {d.Dists.FirstOrDefault()}, on the {d.MainDevice} device: medians over seeds with 95% confidence intervals.";

    protected override (string, string, Func<RunResult, double>)[] Panels(ReportData d) =>
    [
        ("fsyncs per transaction", "fsyncs per transaction", r => r.FsyncPerTxn),
        ("fsyncs per second", $"fsyncs per second ({ChartText.Time(d)})", r => r.FsyncPerS),
    ];
}

public sealed class ThroughputChart : LinesByIntervalChart
{
    public override string Name => "throughput_latency";

    public override string Caption(ReportData d) =>
        $"Transactions per second and 99th-percentile commit latency ({ChartText.Time(d)}), {d.Dists.FirstOrDefault()}, on the {d.MainDevice} device: medians over seeds with 95% confidence intervals.";

    protected override (string, string, Func<RunResult, double>)[] Panels(ReportData d) =>
    [
        ("throughput", $"transactions per second ({ChartText.Time(d)})", r => r.Tps),
        ("commit latency, 99th percentile", $"p99 commit latency, ms ({ChartText.Time(d)})", r => r.LatencyP99Ms),
    ];
}
