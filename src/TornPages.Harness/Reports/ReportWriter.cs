using System.Globalization;
using System.Text;
using TornPages.Harness.Reports.Charts;
using TornPages.Harness.Reports.Rendering;
using TornPages.Harness.Reports.Summary;
using TornPages.Harness.Results;

namespace TornPages.Harness.Reports;

/// <summary>
/// report.md for a sweep directory: where it ran, the headline chart, summary tables with medians,
/// confidence intervals and significance against fpw, the other charts, and the crash trials.
/// </summary>
public sealed class ReportWriter(ReportData data)
{
    public static IReadOnlyList<Chart> Charts { get; } =
    [
        new WalPerTxnChart(), new BytesWrittenChart(), new IoByCauseChart(), new FsyncChart(), new ThroughputChart(), new WalOverTimeChart(),
        new ClientsThroughputChart(), new ClientsFsyncChart(), new LatencyOverTimeChart(),
        new CrashChart(), new RecoveryChart(), new RecoveryTradeoffChart(),
    ];

    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>Draws every chart the results have data for (PNG, SVG and its CSV in charts/), then report.md and summary.json; returns the charts drawn.</summary>
    public IReadOnlyList<Chart> Write()
    {
        string chartDir = Path.Combine(data.Directory, "charts");
        Directory.CreateDirectory(chartDir);
        var drawn = new List<Chart>();
        foreach (var chart in Charts)
        {
            var figure = chart.Build(data);
            if (figure == null) continue;
            figure.Data.Write(Path.Combine(chartDir, chart.Name + ".csv"));
            FigureRenderer.Save(figure, chartDir, chart.Name);
            drawn.Add(chart);
        }
        var summary = SweepSummary.Of(data);
        summary.Write(data.Directory);
        AtomicFile.WriteAllText(Path.Combine(data.Directory, "report.md"), Markdown(drawn, summary));
        return drawn;
    }

    private string Markdown(IReadOnlyList<Chart> charts, SweepSummary summary)
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
                      $"script {data.MainScript}, {data.MainBuffers} buffers, {data.MainClients} client(s). Times are {Describe(data.TimeBasis)}.");
        var policies = data.Runs.Select(r => r.VacuumPolicy).Where(v => v.Length > 0).Distinct().ToList();
        if (policies.Count > 0)
            sb.AppendLine($"- Vacuum: {string.Join("; ", policies.Select(v => $"`{v}`"))} (runs.csv `vacuum_policy`: autovacuum's threshold + scale factor x live tuples and naptime, or a pass every N transactions; the pacing by cost limit and delay).");
        sb.AppendLine();

        Image(sb, charts, "wal_per_txn");
        Summary(sb, summary);
        LinePointerLoggingCost(sb);
        Differences(sb, summary);
        ByDevice(sb);
        Image(sb, charts, "bytes_written");
        IoByCause(sb, charts);
        foreach (var name in new[] { "fsyncs", "throughput_latency", "wal_over_time", "clients_throughput_latency", "clients_fsyncs", "latency_over_time" })
            Image(sb, charts, name);
        Crash(sb, charts);
        return sb.ToString();
    }

    private void Image(StringBuilder sb, IReadOnlyList<Chart> charts, string name)
    {
        var chart = charts.FirstOrDefault(c => c.Name == name);
        if (chart == null) return;
        sb.AppendLine($"![{chart.Caption(data)}](charts/{name}.png)");
        sb.AppendLine();
        sb.AppendLine($"*{chart.Caption(data)}* ([SVG](charts/{name}.svg), [data](charts/{name}.csv))");
        sb.AppendLine();
    }

    private void Summary(StringBuilder sb, SweepSummary summary)
    {
        foreach (var dist in data.Dists)
        {
            sb.AppendLine($"## Per transaction, {dist}");
            sb.AppendLine();
            sb.AppendLine("| strategy | checkpoint every | WAL bytes, median [95% CI] | FPI bytes | bytes written | fsyncs | tps | p99 ms | tps / probe | seeds |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var c in summary.Configurations.Where(c => c.Dist == dist))
            foreach (var s in c.Strategies)
            {
                var wal = s.Metrics["wal_bytes_per_txn"];
                string ci = wal.CiLower is { } lo && wal.CiUpper is { } hi ? string.Create(Ci, $" [{lo:F0}, {hi:F0}]") : "";
                string M(string name, string format) =>
                    s.Metrics[name].Median is { } v && (v > 0 || name != "probe_ratio") ? v.ToString(format, Ci) : "-";
                sb.AppendLine($"| {s.Strategy} | {c.CheckpointEvery} | {M("wal_bytes_per_txn", "F0")}{ci} | {M("fpi_bytes_per_txn", "F0")} | {M("write_bytes_per_txn", "F0")} | " +
                              $"{M("fsync_per_txn", "F3")} | {M("tps", "F0")} | {M("latency_p99_ms", "F3")} | {M("probe_ratio", "F2")} | {s.Seeds} |");
            }
            sb.AppendLine();
        }
    }

    /// <summary>
    /// What lp-logged's absolute records cost on top of PostgreSQL's (issue 10): its heap records carry
    /// absolute placement and whole tuple headers, so its record bytes (images apart) exceed none's,
    /// whose records are PostgreSQL-sized, on the same configuration.
    /// </summary>
    private void LinePointerLoggingCost(StringBuilder sb)
    {
        var lines = new List<string>();
        foreach (var dist in data.Dists)
        foreach (int ckpt in data.CheckpointIntervals)
        {
            double? Median(string strategy)
            {
                var v = data.Select(strategy, dist, ckpt).Where(r => r.Txns > 0).Select(r => (double)r.WalRecordBytes / r.Txns).Order().ToList();
                return v.Count == 0 ? null : v[v.Count / 2];
            }
            if (Median("lp-logged") is { } lp && Median("none") is { } none && none > 0)
                lines.Add(string.Create(Ci, $"| {dist} | {ckpt} | {none:F0} | {lp:F0} | +{lp - none:F0} ({(lp / none - 1) * 100:F0}%) |"));
        }
        if (lines.Count == 0) return;
        sb.AppendLine("## What lp-logged's records cost on top");
        sb.AppendLine();
        sb.AppendLine("Every strategy but lp-logged logs heap changes as PostgreSQL 15 does (a rebuilt tuple header, an update on the same page as the bytes it changed); " +
                      "lp-logged replays heap records onto pages that may be torn, so its records carry absolute bytes at absolute offsets (line pointer, offset, lower and upper, whole tuples). " +
                      $"WAL record bytes per transaction without images, medians, {data.MainClients} client(s):");
        sb.AppendLine();
        sb.AppendLine("| distribution | checkpoint every | none | lp-logged | on top |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var l in lines) sb.AppendLine(l);
        sb.AppendLine();
    }

    private static void Differences(StringBuilder sb, SweepSummary summary)
    {
        var rows = summary.Configurations.SelectMany(c => c.Strategies.Where(s => s.VsFpw != null).Select(s => (c, s))).ToList();
        if (rows.Count == 0) return;
        sb.AppendLine("## Differences from fpw");
        sb.AppendLine();
        sb.AppendLine($"Welch's t-test over seeds, two-sided, at {Comparison.Alpha:P0}; \"not significant\" means the seeds do not show a difference (with fewer than 2 seeds nothing can be shown).");
        sb.AppendLine();
        sb.AppendLine("| distribution | checkpoint every | strategy | WAL bytes/txn vs fpw | p | | tps vs fpw | p | |");
        sb.AppendLine("|---|---:|---|---:|---:|---|---:|---:|---|");
        foreach (var (c, s) in rows)
        {
            string Cell(string metric)
            {
                var d = s.VsFpw![metric];
                string ratio = d.Ratio is { } r ? r.ToString("F2", Ci) + "x" : "-";
                string p = d.WelchP is { } pv ? pv.ToString("0.###", Ci) : "-";
                return $"{ratio} | {p} | {(d.Significant ? "significant" : "not significant")}";
            }
            sb.AppendLine($"| {c.Dist} | {c.CheckpointEvery} | {s.Strategy} | {Cell("wal_bytes_per_txn")} | {Cell("tps")} |");
        }
        sb.AppendLine();
    }

    /// <summary>
    /// With more than one device in the sweep: each strategy's throughput on each, and its ratio to
    /// fpw's on the same device (the question seed 003 asks: is a double-write buffer cheap only
    /// inside a battery-backed cache?), at each checkpoint interval of the first distribution.
    /// </summary>
    private void ByDevice(StringBuilder sb)
    {
        var devices = data.Devices;
        if (devices.Count < 2 || data.Dists.Count == 0) return;
        string dist = data.Dists[0];
        sb.AppendLine($"## By device, {dist}");
        sb.AppendLine();
        sb.AppendLine($"Transactions per second (median over seeds) and, in brackets, the ratio to fpw's on the same device and client count; {data.MainBuffers} buffers.");
        sb.AppendLine();
        sb.AppendLine("| strategy | clients | checkpoint every | " + string.Join(" | ", devices.Select(d => $"`{d}`")) + " |");
        sb.AppendLine("|---|---:|---:|" + string.Concat(devices.Select(_ => "---:|")));
        foreach (int clients in data.ClientCounts)
        foreach (int ckpt in data.CheckpointIntervals)
        foreach (var s in data.Strategies)
        {
            double? Tps(string device, string strategy)
            {
                var v = data.SelectOn(device, strategy, dist, ckpt, clients).Select(r => r.Tps).Order().ToList();
                return v.Count == 0 ? null : Statistics.Median(v).Median;
            }
            var cells = devices.Select(d => Tps(d, s) is not { } tps ? "-"
                : Tps(d, "fpw") is { } fpw && fpw > 0 ? string.Create(Ci, $"{tps:F0} ({tps / fpw:F2}x)") : string.Create(Ci, $"{tps:F0}"));
            sb.AppendLine($"| {s} | {clients} | {ckpt} | " + string.Join(" | ", cells) + " |");
        }
        sb.AppendLine();
    }

    /// <summary>The io_by_cause chart and its numbers: syncs per transaction (bytes written per transaction) by cause.</summary>
    private void IoByCause(StringBuilder sb, IReadOnlyList<Chart> charts)
    {
        if (IoByCauseChart.Medians(data) is not var (dist, ckpt, rows)) return;
        Image(sb, charts, "io_by_cause");
        var labels = IoByCauseChart.Labels;
        var shown = Enumerable.Range(0, labels.Count).Where(k => rows.Any(r => r.Syncs[k] > 0 || r.Bytes[k] > 0)).ToList();
        sb.AppendLine($"Syncs per transaction (bytes written per transaction) by cause, {dist}, checkpoint every {ckpt} (medians over seeds; in each run the causes sum to its totals: runs.csv `syncs_CAUSE`, `write_bytes_CAUSE`):");
        sb.AppendLine();
        sb.AppendLine("| strategy | " + string.Join(" | ", shown.Select(k => labels[k])) + " |");
        sb.AppendLine("|---|" + string.Concat(shown.Select(_ => "---:|")));
        foreach (var (s, sy, by) in rows)
            sb.AppendLine($"| {s} | " + string.Join(" | ", shown.Select(k => string.Create(Ci, $"{sy[k]:F3} ({by[k]:F0})"))) + " |");
        sb.AppendLine();
    }

    private void Crash(StringBuilder sb, IReadOnlyList<Chart> charts)
    {
        if (data.Crash.Count == 0) return;
        sb.AppendLine("## Crash trials");
        sb.AppendLine();
        FaultMatrix.Write(sb, data.Crash);
        sb.AppendLine("All rows:");
        sb.AppendLine();
        sb.AppendLine("| strategy | sector | atomic unit | condition | trials | passed | torn page | lost commit | wrong data | recovery error | recovery ms (median) | with torn pages found / without | pages rebuilt from kept WAL |");
        sb.AppendLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in data.Crash)
            sb.AppendLine(string.Create(Ci,
                $"| {c.Strategy} | {c.Sector} | {(c.AtomicUnit == 0 ? "-" : c.AtomicUnit.ToString(Ci))} | {c.Condition()} | {c.Trials} | {c.Passed} | {c.FailedTornPage} | " +
                $"{c.FailedLostCommit} | {c.FailedWrongData} | {c.FailedRecoveryError} | {c.RecoveryMsMedian:F1} | " +
                $"{(c.TrialsWithTornPages == 0 ? "-" : c.RecoveryMsMedianTorn.ToString("F1", Ci))} ({c.TrialsWithTornPages}) / " +
                $"{(c.TrialsWithTornPages == c.Trials ? "-" : c.RecoveryMsMedianUntorn.ToString("F1", Ci))} ({c.Trials - c.TrialsWithTornPages}) | {c.PagesRepairedFromKeptWal} |"));
        sb.AppendLine();
        Image(sb, charts, "crash_trials");
        Image(sb, charts, "recovery_time");
        Image(sb, charts, "recovery_vs_write_amplification");
    }

    private static string Describe(string basis) => basis switch
    {
        "simulated" => "simulated (the simulated device's cost model), not measured",
        "cpu" => "CPU time of the simulated device (no device time), so only the counts mean anything",
        _ => "measured on the wall clock",
    };

    private static string Show<T>(T? v) where T : struct => v?.ToString() ?? "?";
}
