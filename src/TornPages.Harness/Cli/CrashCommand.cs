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
        var outDir = CommonOptions.Out();
        var cmd = new Command("crash", "crash trials: crash at random device calls, recover, check against the oracle")
        {
            strategy, trials, seed, sector, atomic, txns, ckpt, buffers, vacuum, completion, clients, dist, persist, outDir,
        };
        cmd.SetAction(p =>
        {
            var names = p.GetValue(strategy)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var strategies = names.Select(n => (Spec: RunCommand.Spec(n), Strategy: StrategyCatalog.Parse(n))).ToList();
            var model = new CrashModel(p.GetValue(sector), p.GetValue(atomic), p.GetValue(persist));
            var keys = KeyDistribution.Parse(p.GetValue(dist)!);
            model.Validate();
            int n = RunCommand.Positive(p.GetValue(trials), "--trials");
            string dir = p.GetValue(outDir)!;
            TornbenchCli.CheckWritable(dir);

            var rows = new List<CrashSummary>();
            foreach (var (spec, s) in strategies)
            {
                var config = new CrashTrialConfig(spec, n, p.GetValue(seed), model, CrashTrialConfig.SmallScale,
                    RunCommand.Positive(p.GetValue(txns), "--txns"), RunCommand.Positive(p.GetValue(ckpt), "--checkpoint-every"),
                    p.GetValue(buffers), RunCommand.NonNegative(p.GetValue(vacuum), "--vacuum-every"),
                    CheckpointCompletionTarget: CommonOptions.CompletionTargetValue(p.GetValue(completion)),
                    Clients: RunCommand.Positive(p.GetValue(clients), "--clients")) { Distribution = keys };
                var runner = new CrashTrialRunner(config);
                var results = new List<TrialResult>();
                if (Console.IsOutputRedirected) results.AddRange(runner.Run());
                else
                    AnsiConsole.Progress().AutoClear(true).Start(ctx =>
                    {
                        var task = ctx.AddTask($"{s.Name} trials", maxValue: n);
                        foreach (var r in runner.Run())
                        {
                            results.Add(r);
                            task.Increment(1);
                        }
                    });
                rows.Add(CrashSummary.From(config, s.Parameters, runner.CallsPerRun, results));
            }
            string csv = Path.Combine(dir, "crash.csv");
            CsvAppender.Append(csv, rows);
            Print(rows);
            Console.WriteLine($"appended to {csv}");
            return 0;
        });
        return cmd;
    }

    private static void Print(List<CrashSummary> rows)
    {
        var t = new Table().AddColumns("strategy", "sector", "atomic", "trials", "passed", "failed", "torn", "lost", "wrong", "error");
        foreach (var r in rows)
            t.AddRow(r.Strategy, r.Sector.ToString(), r.AtomicUnit == 0 ? "-" : r.AtomicUnit.ToString(), r.Trials.ToString(), r.Passed.ToString(),
                r.Failed.ToString(), r.FailedTornPage.ToString(), r.FailedLostCommit.ToString(), r.FailedWrongData.ToString(), r.FailedRecoveryError.ToString());
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 120;
        AnsiConsole.Write(t);
        foreach (var r in rows.Where(r => r.Failed > 0))
            Console.WriteLine($"{r.Strategy}: first failure: {r.FirstFailure}");
    }
}
