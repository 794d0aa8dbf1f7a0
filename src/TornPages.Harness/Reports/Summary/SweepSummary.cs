using System.Text.Json;
using System.Text.Json.Serialization;
using TornPages.Harness.Results;
using TornPages.Harness.Runs;

namespace TornPages.Harness.Reports.Summary;

/// <summary>
/// summary.json: the numbers report.md shows, for other tools and later comparisons. Per configuration
/// (distribution, checkpoint interval) and strategy: each metric's median over seeds with its 95%
/// confidence interval, and against fpw the ratio of medians with Welch's p and the verdict. The
/// fields are documented in the README ("summary.json"); a test holds the two together.
/// </summary>
public sealed record SweepSummary(
    string Format,
    string Sweep,
    string? Host,
    string? GitCommit,
    string Device,
    string Script,
    int Buffers,
    string TimeBasis,
    double Alpha,
    IReadOnlyList<ConfigurationSummary> Configurations,
    IReadOnlyList<CrashOutcome> Crash)
{
    public const string FormatName = "tornbench-summary/1";
    public const string FileName = "summary.json";

    /// <summary>The metrics summarized, by their name in summary.json, in the order the report shows them.</summary>
    public static IReadOnlyList<(string Name, Func<RunResult, double> Value)> Metrics { get; } =
    [
        ("wal_bytes_per_txn", r => r.WalBytesPerTxn),
        ("fpi_bytes_per_txn", r => (double)r.WalFpiBytes / r.Txns),
        ("write_bytes_per_txn", r => r.WriteBytesPerTxn),
        ("fsync_per_txn", r => r.FsyncPerTxn),
        ("fsync_per_s", r => r.FsyncPerS),
        ("tps", r => r.Tps),
        ("latency_p99_ms", r => r.LatencyP99Ms),
        ("probe_ratio", r => r.ProbeRatio),
    ];

    /// <summary>The metrics compared with fpw (report.md's "Differences from fpw").</summary>
    public static IReadOnlyList<string> ComparedWithFpw { get; } = ["wal_bytes_per_txn", "tps"];

    public static SweepSummary Of(ReportData d)
    {
        var configurations = new List<ConfigurationSummary>();
        foreach (var dist in d.Dists)
        foreach (int ckpt in d.CheckpointIntervals)
        {
            var fpw = d.Select("fpw", dist, ckpt);
            var strategies = new List<StrategySummary>();
            foreach (var s in d.Strategies)
            {
                var runs = d.Select(s, dist, ckpt);
                if (runs.Count == 0) continue;
                var metrics = Metrics.ToDictionary(m => m.Name, m => MetricSummary.Of(Statistics.Median(runs.Select(m.Value).ToList())));
                Dictionary<string, Difference>? vsFpw = null;
                if (s != "fpw" && fpw.Count > 0)
                    vsFpw = ComparedWithFpw.ToDictionary(name => name, name =>
                    {
                        var f = Metrics.First(m => m.Name == name).Value;
                        return Difference.Of(runs.Select(f).ToList(), fpw.Select(f).ToList());
                    });
                strategies.Add(new StrategySummary(s, runs.Count, metrics, vsFpw));
            }
            if (strategies.Count > 0) configurations.Add(new ConfigurationSummary(dist, ckpt, strategies));
        }
        return new SweepSummary(FormatName, Path.GetFileName(Path.GetFullPath(d.Directory)), d.Meta?.Host, d.Meta?.GitCommit,
            d.MainDevice, d.MainScript, d.MainBuffers, d.TimeBasis, Comparison.Alpha, configurations,
            d.Crash.Select(CrashOutcome.Of).ToList());
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public void Write(string dir) => AtomicFile.WriteAllText(Path.Combine(dir, FileName), JsonSerializer.Serialize(this, Json));

    /// <exception cref="InvalidDataException">Not a summary this version reads.</exception>
    public static SweepSummary Read(string path)
    {
        SweepSummary? s;
        try
        {
            s = JsonSerializer.Deserialize<SweepSummary>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a {FormatName} file: {e.Message.ReplaceLineEndings(" ")}");
        }
        if (s?.Format != FormatName) throw new InvalidDataException($"{path} is not a {FormatName} file");
        return s;
    }
}

public sealed record ConfigurationSummary(string Dist, int CheckpointEvery, IReadOnlyList<StrategySummary> Strategies);

/// <param name="VsFpw">Null for fpw itself and when the sweep has no fpw runs in this configuration.</param>
public sealed record StrategySummary(string Strategy, int Seeds, IReadOnlyDictionary<string, MetricSummary> Metrics, IReadOnlyDictionary<string, Difference>? VsFpw);

/// <summary>A median over seeds and its 95% confidence interval; the interval is null with a single seed.</summary>
public sealed record MetricSummary(double? Median, double? CiLower, double? CiUpper)
{
    public static MetricSummary Of(Estimate e) => new(Finite(e.Median), e.HasInterval ? Finite(e.Lower) : null, e.HasInterval ? Finite(e.Upper) : null);

    internal static double? Finite(double v) => double.IsFinite(v) ? v : null;
}

/// <summary>This strategy against another on one metric: ratio of medians, Welch's two-sided p (null below 2 seeds a side), the verdict at alpha.</summary>
public sealed record Difference(double? Ratio, double? WelchP, bool Significant)
{
    public static Difference Of(IReadOnlyList<double> these, IReadOnlyList<double> baseline)
    {
        var c = Statistics.Compare(these, baseline);
        double ratio = Statistics.Median(these).Median / Statistics.Median(baseline).Median;
        return new Difference(MetricSummary.Finite(ratio), MetricSummary.Finite(c.WelchP), c.Significant);
    }
}

public sealed record CrashOutcome(string Strategy, int Sector, int AtomicUnit, int Trials, int Passed, int FailedTornPage,
    int FailedLostCommit, int FailedWrongData, int FailedRecoveryError, double RecoveryMsMedian,
    string Fault = "sector", int WalFlushAlign = 0, string CrashIn = "run")
{
    public static CrashOutcome Of(Trials.CrashSummary c) => new(c.Strategy, c.Sector, c.AtomicUnit, c.Trials, c.Passed, c.FailedTornPage,
        c.FailedLostCommit, c.FailedWrongData, c.FailedRecoveryError, c.RecoveryMsMedian, c.Fault, c.WalFlushAlign, c.CrashIn);
}
