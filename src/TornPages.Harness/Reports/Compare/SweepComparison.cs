using TornPages.Harness.Runs;

namespace TornPages.Harness.Reports.Compare;

/// <summary>
/// Two sweeps side by side (two disks, or main before and after a change): for every configuration
/// and strategy both ran, each metric's median in A and in B, the ratio B/A and whether the seeds
/// show a difference (Welch's t-test, as in the report).
/// </summary>
public sealed class SweepComparison
{
    public static IReadOnlyList<(string Name, string Label, Func<RunResult, double> Value)> Metrics { get; } =
    [
        ("tps", "tps", r => r.Tps),
        ("wal_bytes_per_txn", "WAL bytes/txn", r => r.WalBytesPerTxn),
        ("write_bytes_per_txn", "bytes written/txn", r => r.WriteBytesPerTxn),
        ("fsync_per_txn", "fsyncs/txn", r => r.FsyncPerTxn),
        ("latency_p99_ms", "p99 ms", r => r.LatencyP99Ms),
    ];

    public sealed record Cell(double MedianA, double MedianB, double Ratio, Comparison Test);

    public sealed record Row(string Dist, int CheckpointEvery, string Strategy, int SeedsA, int SeedsB, IReadOnlyList<Cell> Cells);

    public ReportData A { get; }
    public ReportData B { get; }
    public IReadOnlyList<Row> Rows { get; }

    /// <summary>Configurations present in only one of the two, as "dist/checkpoint/strategy".</summary>
    public IReadOnlyList<string> OnlyInA { get; }
    public IReadOnlyList<string> OnlyInB { get; }

    public SweepComparison(ReportData a, ReportData b)
    {
        A = a;
        B = b;
        var rows = new List<Row>();
        var keysA = Keys(a);
        var keysB = Keys(b);
        foreach (var (dist, ckpt, strategy) in keysA.Where(keysB.Contains))
        {
            var ra = a.Select(strategy, dist, ckpt);
            var rb = b.Select(strategy, dist, ckpt);
            var cells = Metrics.Select(m =>
            {
                var xa = ra.Select(m.Value).ToList();
                var xb = rb.Select(m.Value).ToList();
                double ma = Statistics.Median(xa).Median, mb = Statistics.Median(xb).Median;
                return new Cell(ma, mb, ma != 0 ? mb / ma : double.NaN, Statistics.Compare(xb, xa));
            }).ToList();
            rows.Add(new Row(dist, ckpt, strategy, ra.Count, rb.Count, cells));
        }
        Rows = rows;
        OnlyInA = keysA.Where(k => !keysB.Contains(k)).Select(Show).ToList();
        OnlyInB = keysB.Where(k => !keysA.Contains(k)).Select(Show).ToList();
    }

    /// <summary>The (distribution, interval, strategy) a sweep's report shows, in its order.</summary>
    private static List<(string, int, string)> Keys(ReportData d) =>
        d.Dists.SelectMany(dist => d.CheckpointIntervals.SelectMany(c => d.Strategies
            .Where(s => d.Select(s, dist, c).Count > 0).Select(s => (dist, c, s)))).ToList();

    private static string Show((string Dist, int Ckpt, string Strategy) k) => $"{k.Dist}/{k.Ckpt}/{k.Strategy}";

    /// <summary>What the two sweeps ran differently (scale, transactions, buffers, device, script), which a ratio alone would hide.</summary>
    public IReadOnlyList<string> SetupDifferences()
    {
        var list = new List<string>();
        void Check(string what, Func<ReportData, string> f)
        {
            string va = f(A), vb = f(B);
            if (va != vb) list.Add($"{what}: A {va}, B {vb}");
        }
        Check("device", d => d.MainDevice);
        Check("script", d => d.MainScript);
        Check("buffers", d => d.MainBuffers.ToString());
        Check("scale", d => string.Join("/", d.Runs.Select(r => r.Scale).Distinct().Order()));
        Check("transactions per run", d => string.Join("/", d.Runs.Select(r => r.Txns).Distinct().Order()));
        Check("time basis", d => d.TimeBasis);
        Check("host", d => d.Meta?.Host ?? "?");
        Check("disk", d => d.Meta?.Disk?.Model ?? d.Meta?.Disk?.Device ?? "?");
        return list;
    }
}
