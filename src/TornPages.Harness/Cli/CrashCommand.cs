using System.CommandLine;
using Spectre.Console;
using TornPages.Engine.Strategies;
using TornPages.Harness.Results;
using TornPages.Harness.Trials;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Cli;

/// <summary><c>tornbench crash</c>: crash trials for one or more strategies, one row per strategy in crash.csv.</summary>
internal static class CrashCommand
{
    public static Command Create()
    {
        var strategy = new Option<string>("--strategy")
        {
            Description = "strategies, comma-separated: " + StrategyCatalog.Help,
            DefaultValueFactory = _ => string.Join(",", StrategyCatalog.Names),
        };
        var trials = CommonOptions.Int("--trials", 500, "trials per strategy");
        var seed = CommonOptions.Int("--seed", 1, "seed of crash points and of the crash model");
        var sector = CommonOptions.Int("--sector", 512, "sector size of the simulated device: 512 or 4096");
        var atomic = CommonOptions.Int("--atomic-unit", 0, "writes of this size and alignment are all-or-nothing (0: none)");
        var txns = CommonOptions.Int("--txns", 300, "transactions per trial");
        var ckpt = CommonOptions.Int("--checkpoint-every", 100, "checkpoint every N transactions within a trial");
        var buffers = CommonOptions.Int("--buffers", 48, "buffer frames (small, so that evictions happen)");
        var vacuum = CommonOptions.Int("--vacuum-every", 50, "a vacuum pass every N transactions within a trial");
        var completion = CommonOptions.CompletionTarget();
        var clients = CommonOptions.Int("--clients", 1, "concurrent clients in each trial (on simulated time; acknowledged = its flush completed)");
        var dist = CommonOptions.Dist();
        var persist = new Option<double>("--persist-probability")
        {
            Description = "probability that each sector of a write not yet synced survives the crash (0 to 1)",
            DefaultValueFactory = _ => 0.5,
        };
        var fault = new Option<string>("--fault")
        {
            Description = "fault models, comma-separated, a row each: " + string.Join(", ", FaultModels.Names),
            DefaultValueFactory = _ => "sector",
        };
        var align = new Option<string>("--wal-flush-align")
        {
            Description = "pad each WAL flush to a sector boundary so no write touches a sector with acknowledged commits: off, sector (the device's), 512 or 4096",
            DefaultValueFactory = _ => "off",
        };
        var crashIn = new Option<string>("--crash-in")
        {
            Description = "where trials crash: run, recovery (a crash in the run, then one to three nested crashes during recovery) or load (while the database is created and loaded)",
            DefaultValueFactory = _ => "run",
        };
        var jobs = CommonOptions.Int("--jobs", Environment.ProcessorCount, "trials run at once (results do not depend on it)");
        var preset = new Option<string>("--preset")
        {
            Description = "thorough: 10000 trials per strategy, sector size (512 and 4096) and fault model (all five); explicit options win",
        };
        var outDir = CommonOptions.Out();
        var cmd = new Command("crash", "crash trials: crash at random device calls, recover, check against the oracle")
        {
            strategy, trials, seed, sector, atomic, txns, ckpt, buffers, vacuum, completion, clients, dist, persist, fault, align, crashIn, jobs, preset, outDir,
        };
        cmd.SetAction(p =>
        {
            var names = p.GetValue(strategy)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var strategies = names.Select(n => (Spec: RunCommand.Spec(n), Strategy: StrategyCatalog.Parse(n))).ToList();
            // A preset supplies what the command line leaves out.
            bool thorough = p.GetValue(preset) switch
            {
                null => false,
                "thorough" => true,
                var other => throw new ArgumentException($"unknown crash preset '{other}' (known: thorough)"),
            };
            bool Given(Option o) => p.GetResult(o) is { Implicit: false };
            string faultList = thorough && !Given(fault) ? string.Join(",", FaultModels.Names) : p.GetValue(fault)!;
            int[] sectors = thorough && !Given(sector) ? [512, 4096] : [p.GetValue(sector)];
            var faults = faultList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(FaultModels.Parse).Distinct().ToList();
            if (faults.Count == 0) throw new ArgumentException("--fault names no fault model");
            var models = sectors.SelectMany(sz => faults.Select(f => new CrashModel(sz, p.GetValue(atomic), p.GetValue(persist), f))).ToList();
            var keys = KeyDistribution.Parse(p.GetValue(dist)!);
            models.ForEach(m => m.Validate());
            var phase = CrashPhases.Parse(p.GetValue(crashIn)!);
            int n = RunCommand.Positive(thorough && !Given(trials) ? ThoroughTrials : p.GetValue(trials), "--trials");
            int parallel = RunCommand.Positive(p.GetValue(jobs), "--jobs");
            foreach (var sz in sectors) CommonOptions.WalFlushAlignValue(p.GetValue(align)!, sz);
            string dir = p.GetValue(outDir)!;
            TornbenchCli.CheckWritable(dir);
            string csv = Path.Combine(dir, "crash.csv");
            CsvAppender.CheckAppendable<CrashSummary>(csv);

            var rows = new List<CrashSummary>();
            foreach (var model in models)
            foreach (var (spec, s) in strategies)
            {
                var config = new CrashTrialConfig(spec, n, p.GetValue(seed), model, CrashTrialConfig.SmallScale,
                    RunCommand.Positive(p.GetValue(txns), "--txns"), RunCommand.Positive(p.GetValue(ckpt), "--checkpoint-every"),
                    p.GetValue(buffers), RunCommand.NonNegative(p.GetValue(vacuum), "--vacuum-every"),
                    CheckpointCompletionTarget: CommonOptions.CompletionTargetValue(p.GetValue(completion)),
                    Clients: RunCommand.Positive(p.GetValue(clients), "--clients"))
                    { Distribution = keys, WalFlushAlign = CommonOptions.WalFlushAlignValue(p.GetValue(align)!, model.SectorSize), CrashIn = phase };
                var runner = new CrashTrialRunner(config);
                var results = new List<TrialResult>();
                if (Console.IsOutputRedirected) results.AddRange(runner.Run(parallel));
                else
                    AnsiConsole.Progress().AutoClear(true).Start(ctx =>
                    {
                        var task = ctx.AddTask($"{s.Name} trials ({model.Fault.Name()})", maxValue: n);
                        foreach (var r in runner.Run(parallel))
                        {
                            results.Add(r);
                            task.Increment(1);
                        }
                    });
                rows.Add(CrashSummary.From(config, s.Parameters, runner.CallsPerRun, results));
            }
            CsvAppender.Append(csv, rows);
            Print(rows);
            Console.WriteLine($"appended to {csv}");
            return 0;
        });
        return cmd;
    }

    /// <summary>Trials per strategy, sector size and fault model of <c>--preset thorough</c>.</summary>
    internal const int ThoroughTrials = 10_000;

    private static void Print(List<CrashSummary> rows)
    {
        var t = new Table().AddColumns("strategy", "fault", "sector", "atomic", "trials", "passed", "failed", "torn", "lost", "wrong", "error");
        foreach (var r in rows)
            t.AddRow(r.Strategy + (r.StrategyParams.Length > 0 ? $" ({r.StrategyParams})" : ""), r.Condition(), r.Sector.ToString(), r.AtomicUnit == 0 ? "-" : r.AtomicUnit.ToString(), r.Trials.ToString(), r.Passed.ToString(),
                r.Failed.ToString(), r.FailedTornPage.ToString(), r.FailedLostCommit.ToString(), r.FailedWrongData.ToString(), r.FailedRecoveryError.ToString());
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 120;
        AnsiConsole.Write(t);
        foreach (var r in rows.Where(r => r.Failed > 0))
            Console.WriteLine($"{r.Strategy} ({r.Fault}): first failure: {r.FirstFailure}");
    }
}
