using TornPages.Harness.Devices;
using TornPages.Harness.Results;
using TornPages.Harness.Runs;
using TornPages.Harness.Trials;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Sweeps;

/// <summary>One step of a sweep, for the progress display.</summary>
public readonly record struct SweepStep(int Done, int Total, string Current);

/// <summary>
/// Runs a sweep's share of runs (its shard) into a results directory, one row at a time, each
/// append atomic. A run counts as done once its row is in runs.csv, so a sweep killed at any point
/// resumes where it stopped: runs already done are skipped and the timeseries rows of the one that
/// was cut short are dropped. Crash trials follow the runs, one row per strategy and sector size.
/// </summary>
public sealed class SweepRunner(SweepMatrix matrix, string outDir, string dataDir, Shard shard, ProbeResult? probe)
{
    private string PathOf(string name) => Path.Combine(outDir, name);

    public IReadOnlyList<RunConfig> MyRuns() => matrix.Expand().Where((_, i) => shard.Includes(i)).ToList();

    public IReadOnlyList<(string Strategy, int Sector, int AtomicUnit, CrashCondition Condition, int Trials)> MyCrashTrials()
    {
        var c = matrix.Crash;
        if (c.Trials <= 0) return [];
        var sectors = c.Sectors ?? [512];
        var atomic = c.AtomicStrategies ?? [];
        var all = sectors.SelectMany(sector => matrix.Strategies.Select(s => (s, sector, 0, CrashCondition.Default, c.Trials)))
            .Concat(sectors.SelectMany(sector => atomic.Select(s => (s, sector, c.AtomicUnit, CrashCondition.Default, c.Trials))))
            .Concat(c.FaultTrials <= 0 ? [] : CrashCondition.Matrix.SelectMany(condition =>
                matrix.Strategies.Select(s => (s, sectors[0], 0, condition, c.FaultTrials))
                    .Concat(atomic.Select(s => (s, sectors[0], c.AtomicUnit, condition, c.FaultTrials)))))
            .ToList();
        return all.Where((_, i) => shard.Includes(i)).ToList();
    }

    public int TotalSteps => MyRuns().Count + MyCrashTrials().Count;

    public void Run(Action<SweepStep> progress)
    {
        // A directory of another version (resumed) is refused before any run, not after the first.
        CsvAppender.CheckAppendable<RunResult>(PathOf(SweepDirectory.Runs));
        CsvAppender.CheckAppendable<TimeseriesPoint>(PathOf(SweepDirectory.Timeseries));
        CsvAppender.CheckAppendable<WalRecordRow>(PathOf(SweepDirectory.WalRecords));
        CsvAppender.CheckAppendable<CrashSummary>(PathOf(SweepDirectory.Crash));
        var done = File.Exists(PathOf(SweepDirectory.Runs))
            ? CsvAppender.Read<RunResult>(PathOf(SweepDirectory.Runs)).Select(r => r.RunId).ToHashSet()
            : [];
        DropUnfinished<TimeseriesPoint>(SweepDirectory.Timeseries, t => t.RunId, done);
        DropUnfinished<WalRecordRow>(SweepDirectory.WalRecords, w => w.RunId, done);
        var runs = MyRuns();
        var crash = MyCrashTrials();
        int total = runs.Count + crash.Count, step = 0;

        foreach (var config in runs)
        {
            progress(new SweepStep(step, total, Describe(config)));
            if (!done.Contains(config.Id)) RunOne(config);
            step++;
        }

        var crashDone = File.Exists(PathOf(SweepDirectory.Crash))
            ? CsvAppender.Read<CrashSummary>(PathOf(SweepDirectory.Crash))
                .Select(c => (c.Strategy, c.StrategyParams, c.Sector, c.AtomicUnit, c.Fault, c.WalFlushAlign, c.CrashIn)).ToHashSet()
            : [];
        foreach (var (spec, sector, atomic, condition, trials) in crash)
        {
            int align = condition.AlignWal ? sector : 0;
            string label = condition.Label();
            progress(new SweepStep(step, total, $"crash trials {spec} sector {sector}{(atomic > 0 ? $" atomic unit {atomic}" : "")} {label}"));
            var strategy = Engine.Strategies.StrategyCatalog.Parse(spec);
            if (!crashDone.Contains((strategy.Name, strategy.Parameters, sector, atomic, condition.Fault.Name(), align, condition.CrashIn.Name())))
            {
                var config = new CrashTrialConfig(spec, trials, 1, new CrashModel(sector, atomic, Fault: condition.Fault), CrashTrialConfig.SmallScale,
                    CheckpointCompletionTarget: matrix.CheckpointCompletionTarget) { WalFlushAlign = align, CrashIn = condition.CrashIn };
                var runner = new CrashTrialRunner(config);
                var results = runner.Run(Environment.ProcessorCount).ToList();
                CsvAppender.Append(PathOf(SweepDirectory.Crash), [CrashSummary.From(config, strategy.Parameters, runner.CallsPerRun, results)]);
            }
            step++;
        }
        progress(new SweepStep(total, total, "done"));
    }

    private void RunOne(RunConfig config)
    {
        string? dir = null;
        if (config.Device == "file")
        {
            dir = Path.Combine(dataDir, "run");
            config = config with { Device = "file:" + dir };
        }
        var timeseries = new List<TimeseriesPoint>();
        var walRecords = new List<WalRecordRow>();
        RunResult result;
        using (var device = DeviceSpec.Open(config.Device, fresh: true, config.Seed))
            result = BenchmarkRun.Execute(config, device, timeseries: timeseries, sampleEvery: matrix.TimeseriesEvery, walRecords: walRecords);
        if (dir != null) Directory.Delete(dir, recursive: true);
        if (config.DeviceKind == "file" && probe != null) result.ProbeRatio = result.Tps / probe.SyncsPerSecond;
        // Its other rows first: a run is done only once its runs.csv row exists, and resume drops the rest.
        CsvAppender.Append(PathOf(SweepDirectory.Timeseries), timeseries);
        CsvAppender.Append(PathOf(SweepDirectory.WalRecords), walRecords);
        CsvAppender.Append(PathOf(SweepDirectory.Runs), [result]);
    }

    /// <summary>Drops the rows of runs that have no runs.csv row (a sweep killed between the two appends).</summary>
    private void DropUnfinished<T>(string file, Func<T, string> runId, HashSet<string> done)
    {
        string path = PathOf(file);
        if (!File.Exists(path)) return;
        var rows = CsvAppender.Read<T>(path);
        var keep = rows.Where(r => done.Contains(runId(r))).ToList();
        if (keep.Count == rows.Count) return;
        CsvAppender.Rewrite(path, keep);
    }

    public static string Describe(RunConfig c) =>
        $"{c.Strategy} {c.Script.Name()} {c.Distribution} ckpt {c.CheckpointEvery} buffers {c.Buffers} {c.DeviceKind} seed {c.Seed}";
}
