using TornPages.Harness.Results;
using TornPages.Harness.Runs;
using TornPages.Harness.Sweeps;
using TornPages.Harness.Trials;

namespace TornPages.Harness.Reports;

/// <summary>A sweep directory's results, loaded, with the slices the charts and tables share.</summary>
public sealed class ReportData
{
    public required string Directory { get; init; }
    public required List<RunResult> Runs { get; init; }
    public required List<TimeseriesPoint> Timeseries { get; init; }
    public required List<CrashSummary> Crash { get; init; }
    public MetaInfo? Meta { get; init; }

    /// <exception cref="ArgumentException">Not a results directory.</exception>
    public static ReportData Load(string dir)
    {
        string runs = Path.Combine(dir, SweepDirectory.Runs);
        if (!File.Exists(runs)) throw new ArgumentException($"{dir} holds no {SweepDirectory.Runs}");
        string ts = Path.Combine(dir, SweepDirectory.Timeseries), crash = Path.Combine(dir, SweepDirectory.Crash);
        return new ReportData
        {
            Directory = dir,
            Runs = CsvAppender.Read<RunResult>(runs),
            Timeseries = File.Exists(ts) ? CsvAppender.Read<TimeseriesPoint>(ts) : [],
            Crash = File.Exists(crash) ? CsvAppender.Read<CrashSummary>(crash) : [],
            Meta = MetaInfo.Read(Path.Combine(dir, SweepDirectory.Meta)),
        };
    }

    /// <summary>Strategies in the order they first appear.</summary>
    public IReadOnlyList<string> Strategies => Runs.Select(r => r.Strategy).Distinct().ToList();

    public IReadOnlyList<int> CheckpointIntervals => Runs.Select(r => r.CheckpointEvery).Distinct().Order().ToList();

    /// <summary>The device whose rows the charts show: real files when the sweep has them.</summary>
    public string MainDevice => Runs.Any(r => r.Device == "file") ? "file" : Runs.Select(r => r.Device).FirstOrDefault() ?? "sim";

    public string TimeBasis => Runs.FirstOrDefault(r => r.Device == MainDevice)?.TimeBasis ?? "wall";

    /// <summary>The uniform distribution first, then the most skewed one present (the headline compares them).</summary>
    public IReadOnlyList<string> Dists
    {
        get
        {
            var all = Runs.Select(r => r.Dist).Distinct().ToList();
            var uniform = all.Where(d => d == "uniform");
            return uniform.Concat(all.Where(d => d != "uniform")).Take(2).ToList();
        }
    }

    public string MainScript => Runs.Select(r => r.Script).FirstOrDefault() ?? "tpcb-like";

    public int MainBuffers => Runs.Select(r => r.Buffers).FirstOrDefault();

    /// <summary>The client count the tables and charts show (the first in the sweep's order).</summary>
    public int MainClients => Runs.Select(r => r.Clients).FirstOrDefault(1);

    /// <summary>The client counts the sweep ran, ascending.</summary>
    public IReadOnlyList<int> ClientCounts => Runs.Select(r => r.Clients).Distinct().Order().ToList();

    /// <summary>Runs of one configuration (all seeds) on the main device, script, buffer size and client count.</summary>
    public IReadOnlyList<RunResult> Select(string strategy, string dist, int checkpointEvery) =>
        Select(strategy, dist, checkpointEvery, MainClients);

    /// <summary>Runs of one configuration (all seeds) with <paramref name="clients"/> clients, on the main device, script and buffer size.</summary>
    public IReadOnlyList<RunResult> Select(string strategy, string dist, int checkpointEvery, int clients) =>
        Runs.Where(r => r.Strategy == strategy && r.Dist == dist && r.CheckpointEvery == checkpointEvery &&
                        r.Device == MainDevice && r.Script == MainScript && r.Buffers == MainBuffers && r.Clients == clients).ToList();

    /// <summary>The devices the sweep ran on, in the order they first appear.</summary>
    public IReadOnlyList<string> Devices => Runs.Select(r => r.Device).Distinct().ToList();

    /// <summary>Runs of one configuration (all seeds) on <paramref name="device"/> with <paramref name="clients"/> clients, the main script and buffer size.</summary>
    public IReadOnlyList<RunResult> SelectOn(string device, string strategy, string dist, int checkpointEvery, int clients) =>
        Runs.Where(r => r.Strategy == strategy && r.Dist == dist && r.CheckpointEvery == checkpointEvery &&
                        r.Device == device && r.Script == MainScript && r.Buffers == MainBuffers && r.Clients == clients).ToList();

    public Estimate Median(string strategy, string dist, int ckpt, Func<RunResult, double> metric) =>
        Statistics.Median(Select(strategy, dist, ckpt).Select(metric).ToList());
}
