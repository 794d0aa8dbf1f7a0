using System.Globalization;
using System.Text;
using TornPages.Harness.Reports.Charts;
using TornPages.Harness.Results;

namespace TornPages.Harness.Reports;

/// <summary>
/// report.md for a sweep directory: where it ran, the headline chart, summary tables with medians,
/// confidence intervals and significance against fpw, the other charts, and the crash trials.
/// </summary>
public sealed class ReportWriter(ReportData data)
{
    public static IReadOnlyList<Chart> Charts { get; } =
        [new WalPerTxnChart(), new BytesWrittenChart(), new FsyncChart(), new ThroughputChart(), new WalOverTimeChart(), new CrashChart(), new RecoveryChart()];

    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>Writes the charts' data and scripts, renders them when gnuplot is there, writes report.md; returns the charts rendered.</summary>
    public IReadOnlyList<Chart> Write(bool render, string gnuplot = "gnuplot")
    {
        string chartDir = Path.Combine(data.Directory, "charts");
        Directory.CreateDirectory(chartDir);
        var prepared = new List<Chart>();
        foreach (var chart in Charts)
        {
            string? script = chart.Prepare(data, chartDir);
            if (script == null) continue;
            File.WriteAllText(Path.Combine(chartDir, chart.Name + ".gp"), script);
            if (render) GnuplotRenderer.Render(chart, chartDir, gnuplot);
            prepared.Add(chart);
        }
        AtomicFile.WriteAllText(Path.Combine(data.Directory, "report.md"), Markdown(prepared, render));
        return render ? prepared : [];
    }

    private string Markdown(IReadOnlyList<Chart> charts, bool rendered)
    {
        var sb = new StringBuilder();
        var m = data.Meta;
        sb.AppendLine($"# Torn-page protection on {m?.Host ?? "this host"}: {Path.GetFileName(Path.GetFullPath(data.Directory))}");
        sb.AppendLine();
        if (m != null)
        {
            sb.AppendLine($"- Run {m.StartedUtc} at git commit `{m.GitCommit}`, {m.Cpu} ({m.Cores} cores), kernel {m.Kernel}, {m.Dotnet}.");
            if (m.Disk is { } disk)
                sb.AppendLine($"- Disk under test: `{disk.Directory}` on {disk.Device ?? "?"} ({disk.Model ?? "model unknown"}), {disk.Filesystem ?? "?"} " +
                              $"mounted `{disk.MountOptions ?? "?"}`, rotational {Show(disk.Rotational)}, logical/physical block {Show(disk.LogicalBlockSize)}/{Show(disk.PhysicalBlockSize)} bytes.");
            if (m.Probe is { } p)
                sb.AppendLine(string.Create(Ci, $"- Probe (like pg_test_fsync): {p.SyncsPerSecond:F0} 8 KB write + fdatasync per second, median {p.MedianMs:F3} ms, p99 {p.P99Ms:F3} ms."));
            sb.AppendLine($"- Command: `{m.CommandLine}`");
        }
        sb.AppendLine($"- {data.Runs.Count} runs, {data.Runs.Select(r => r.Seed).Distinct().Count()} seed(s) per configuration; charts and tables show the `{data.MainDevice}` device, " +
                      $"script {data.MainScript}, {data.MainBuffers} buffers. Times are {Describe(data.TimeBasis)}.");
        sb.AppendLine();
        if (!rendered) sb.AppendLine($"> {GnuplotRenderer.Missing}.\n");

        Image(sb, charts, "wal_per_txn");
        Summary(sb);
        Differences(sb);
        foreach (var name in new[] { "bytes_written", "fsyncs", "throughput_latency", "wal_over_time" }) Image(sb, charts, name);
        Crash(sb, charts);
        return sb.ToString();
    }

    private void Image(StringBuilder sb, IReadOnlyList<Chart> charts, string name)
    {
        var chart = charts.FirstOrDefault(c => c.Name == name);
        if (chart == null) return;
        sb.AppendLine($"![{chart.Caption(data)}](charts/{name}.png)");
        sb.AppendLine();
        sb.AppendLine($"*{chart.Caption(data)}* ([SVG](charts/{name}.svg), [data](charts/{name}.dat))");
        sb.AppendLine();
    }

    private void Summary(StringBuilder sb)
    {
        foreach (var dist in data.Dists)
        {
            sb.AppendLine($"## Per transaction, {dist}");
            sb.AppendLine();
            sb.AppendLine("| strategy | checkpoint every | WAL bytes, median [95% CI] | FPI bytes | bytes written | fsyncs | tps | p99 ms | tps / probe | seeds |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (int ckpt in data.CheckpointIntervals)
            foreach (var s in data.Strategies)
            {
                var runs = data.Select(s, dist, ckpt);
                if (runs.Count == 0) continue;
                var wal = data.Median(s, dist, ckpt, r => r.WalBytesPerTxn);
                double Med(Func<Runs.RunResult, double> f) => data.Median(s, dist, ckpt, f).Median;
                string ci = wal.HasInterval ? string.Create(Ci, $" [{wal.Lower:F0}, {wal.Upper:F0}]") : "";
                double ratio = Med(r => r.ProbeRatio);
                sb.AppendLine(string.Create(Ci,
                    $"| {s} | {ckpt} | {wal.Median:F0}{ci} | {Med(r => (double)r.WalFpiBytes / r.Txns):F0} | {Med(r => r.WriteBytesPerTxn):F0} | " +
                    $"{Med(r => r.FsyncPerTxn):F3} | {Med(r => r.Tps):F0} | {Med(r => r.LatencyP99Ms):F3} | {(ratio > 0 ? ratio.ToString("F2", Ci) : "-")} | {wal.N} |"));
            }
            sb.AppendLine();
        }
    }

    private void Differences(StringBuilder sb)
    {
        if (!data.Strategies.Contains("fpw")) return;
        sb.AppendLine("## Differences from fpw");
        sb.AppendLine();
        sb.AppendLine($"Welch's t-test over seeds, two-sided, at {Comparison.Alpha:P0}; \"not significant\" means the seeds do not show a difference (with fewer than 2 seeds nothing can be shown).");
        sb.AppendLine();
        sb.AppendLine("| distribution | checkpoint every | strategy | WAL bytes/txn vs fpw | p | | tps vs fpw | p | |");
        sb.AppendLine("|---|---:|---|---:|---:|---|---:|---:|---|");
        foreach (var dist in data.Dists)
        foreach (int ckpt in data.CheckpointIntervals)
        {
            var fpw = data.Select("fpw", dist, ckpt);
            if (fpw.Count == 0) continue;
            foreach (var s in data.Strategies.Where(s => s != "fpw"))
            {
                var other = data.Select(s, dist, ckpt);
                if (other.Count == 0) continue;
                string Cell(Func<Runs.RunResult, double> f)
                {
                    var a = other.Select(f).ToList();
                    var b = fpw.Select(f).ToList();
                    var c = Statistics.Compare(a, b);
                    double ratio = Statistics.Median(a).Median / Statistics.Median(b).Median;
                    string p = double.IsNaN(c.WelchP) ? "-" : c.WelchP.ToString("0.###", Ci);
                    return string.Create(Ci, $"{ratio:F2}x | {p} | {(c.Significant ? "significant" : "not significant")}");
                }
                sb.AppendLine($"| {dist} | {ckpt} | {s} | {Cell(r => r.WalBytesPerTxn)} | {Cell(r => r.Tps)} |");
            }
        }
        sb.AppendLine();
    }

    private void Crash(StringBuilder sb, IReadOnlyList<Chart> charts)
    {
        if (data.Crash.Count == 0) return;
        sb.AppendLine("## Crash trials");
        sb.AppendLine();
        sb.AppendLine("| strategy | sector | atomic unit | trials | passed | torn page | lost commit | wrong data | recovery error | recovery ms (median) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in data.Crash)
            sb.AppendLine(string.Create(Ci,
                $"| {c.Strategy} | {c.Sector} | {(c.AtomicUnit == 0 ? "-" : c.AtomicUnit.ToString(Ci))} | {c.Trials} | {c.Passed} | {c.FailedTornPage} | " +
                $"{c.FailedLostCommit} | {c.FailedWrongData} | {c.FailedRecoveryError} | {c.RecoveryMsMedian:F1} |"));
        sb.AppendLine();
        Image(sb, charts, "crash_trials");
        Image(sb, charts, "recovery_time");
    }

    private static string Describe(string basis) => basis switch
    {
        "simulated" => "simulated (the simulated device's cost model), not measured",
        "cpu" => "CPU time of the simulated device (no device time), so only the counts mean anything",
        _ => "measured on the wall clock",
    };

    private static string Show<T>(T? v) where T : struct => v?.ToString() ?? "?";
}
