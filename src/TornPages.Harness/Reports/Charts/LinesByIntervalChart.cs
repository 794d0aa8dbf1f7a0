using TornPages.Harness.Runs;

namespace TornPages.Harness.Reports.Charts;

/// <summary>Two metrics side by side against the checkpoint interval, a line per strategy (uniform distribution).</summary>
public abstract class LinesByIntervalChart : Chart
{
    protected abstract string Title { get; }
    protected abstract (string YLabel, Func<RunResult, double> Metric)[] Panels(ReportData d);

    public override string? Prepare(ReportData d, string dir)
    {
        if (d.CheckpointIntervals.Count == 0) return null;
        string dist = d.Dists[0];
        var panels = Panels(d);
        var sb = new System.Text.StringBuilder(Preamble(""));
        sb.Append($"unset title\nset multiplot layout 1,{panels.Length} title {Q($"{Title} ({dist}, {d.MainDevice} device)")}\n");
        for (int i = 0; i < panels.Length; i++)
        {
            var (label, metric) = panels[i];
            string file = $"{Name}_{i}.dat";
            WriteTable(Path.Combine(dir, file), "checkpoint_every", d.Strategies,
                d.CheckpointIntervals.Select(c => (c.ToString(), d.Strategies.Select(s => d.Median(s, dist, c, metric).Median).ToArray())));
            sb.Append(IntervalAxis(d)).Append($"set ylabel {Q(label)}\nset yrange [0:*]\n");
            sb.Append(i == panels.Length - 1 ? "set key outside right top\n" : "unset key\n");
            sb.Append($"plot for [c=2:{d.Strategies.Count + 1}] {Q(file)} using 1:c with linespoints linewidth 2 title columnhead(c)\n");
        }
        sb.Append("unset multiplot\n");
        return sb.ToString();
    }
}

public sealed class FsyncChart : LinesByIntervalChart
{
    public override string Name => "fsyncs";
    protected override string Title => "fsyncs";

    public override string Caption(ReportData d) =>
        $"fsyncs per transaction and per second ({TimeLabel(d)}), median over seeds.";

    protected override (string, Func<RunResult, double>)[] Panels(ReportData d) =>
    [
        ("fsyncs per transaction", r => r.FsyncPerTxn),
        ($"fsyncs per second ({TimeLabel(d)})", r => r.FsyncPerS),
    ];
}

public sealed class ThroughputChart : LinesByIntervalChart
{
    public override string Name => "throughput_latency";
    protected override string Title => "throughput and commit latency";

    public override string Caption(ReportData d) =>
        $"Transactions per second and 99th-percentile commit latency ({TimeLabel(d)}), median over seeds.";

    protected override (string, Func<RunResult, double>)[] Panels(ReportData d) =>
    [
        ($"transactions per second ({TimeLabel(d)})", r => r.Tps),
        ($"p99 commit latency, ms ({TimeLabel(d)})", r => r.LatencyP99Ms),
    ];
}
