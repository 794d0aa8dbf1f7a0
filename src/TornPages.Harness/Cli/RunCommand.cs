using System.CommandLine;
using System.Globalization;
using TornPages.Harness.Devices;
using TornPages.Engine.Strategies;
using TornPages.Harness.Results;
using TornPages.Harness.Runs;
using TornPages.Workloads;

namespace TornPages.Harness.Cli;

/// <summary><c>tornbench run</c>: one configuration, one seed, one row appended to runs.csv.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var strategy = CommonOptions.Strategy("fpw");
        var script = CommonOptions.Script();
        var dist = CommonOptions.Dist();
        var scale = CommonOptions.Int("--scale", 1, "pgbench scale factor (100000 accounts per unit)");
        var txns = CommonOptions.Int("--txns", 5000, "transactions to run (a count, not a time, so runs are reproducible)");
        var ckptEvery = CommonOptions.Int("--checkpoint-every", 1000, "checkpoint every N transactions (0: only by WAL volume)");
        var ckptWal = new Option<long>("--checkpoint-wal") { Description = "checkpoint every BYTES of WAL (0: off)" };
        var buffers = CommonOptions.Int("--buffers", 1024, "buffer pool frames");
        var pageSize = CommonOptions.Int("--page-size", 8192, $"page size in bytes ({Engine.DatabaseOptions.MinPageSize}..{Engine.DatabaseOptions.MaxPageSize})");
        var fillfactor = CommonOptions.Int("--fillfactor", 100, "heap fillfactor of the initial load (pgbench -F)");
        var device = new Option<string>("--device") { Description = $"sim; sim-PROFILE[:key=value,...] ({string.Join(", ", Storage.DeviceProfiles.ByName.Keys)}; keys {string.Join(", ", Devices.DeviceSpec.Keys.Keys)}); sim:probe=DIR|FILE; or file:DIR for real files with fdatasync", DefaultValueFactory = _ => "sim" };
        var seed = CommonOptions.Int("--seed", 1, "random seed of the transaction stream");
        var outDir = CommonOptions.Out();
        var vacuumEvery = new Option<int?>("--vacuum-every")
        {
            Description = "a vacuum pass over every table every N transactions instead of autovacuum (0: no vacuum at all)",
        };
        var naptime = new Option<double>("--autovacuum-naptime")
        {
            Description = "autovacuum looks for tables over its threshold (50 + 0.2 x live rows) every SECONDS of the run's clock",
            DefaultValueFactory = _ => RunConfig.DefaultAutovacuumNaptimeSeconds,
        };
        var vacuumDelay = new Option<double>("--vacuum-cost-delay")
        {
            Description = "vacuum sleeps MS after each 200 cost units, as autovacuum_vacuum_cost_delay (0: each pass runs whole while every client waits)",
            DefaultValueFactory = _ => RunConfig.DefaultVacuumCostDelayMs,
        };
        var bgwriter = new Option<double>("--bgwriter-delay")
        {
            Description = "a background writer round every MS of the run's clock, cleaning frames ahead of the clock hand as PostgreSQL's (0: none; clients write their dirty victims)",
            DefaultValueFactory = _ => Engine.Buffers.BackgroundWriterPolicy.DefaultDelaySeconds * 1e3,
        };
        var completion = CommonOptions.CompletionTarget();
        var clients = CommonOptions.Int("--clients", 1, "concurrent clients (pgbench -c): row locks held to durable commit, group commit");
        var simCpu = new Option<double>("--sim-cpu-us")
        {
            Description = "on a sim-PROFILE device: CPU charged per SQL statement and per commit, microseconds (scripts/pg-calibrate-cpu.sh measures it)",
            DefaultValueFactory = _ => Runs.RunEngine.DefaultSimCpuPerStatementSeconds * 1e6,
        };
        var simCpus = CommonOptions.Int("--sim-cpus", 1, $"on a sim-PROFILE device: cores of the simulated server the clients' CPU runs on (1..{Engine.Scheduling.SimScheduler.MaxCpus})");
        var sampleSeconds = new Option<double>("--timeseries-seconds")
        {
            Description = "also write OUT/timeseries.csv: a row every S seconds of the run's clock (interval tps, p99, checkpoint_active)",
        };
        var timeout = new Option<double>("--checkpoint-timeout") { Description = "also checkpoint every SECONDS of the run's clock (checkpoint_timeout; 0: off)" };
        var rate = new Option<double>("--rate") { Description = "offer TPS transactions per second as Poisson arrivals, latency from each arrival (pgbench -R; 0: as fast as possible)" };
        var warmup = new Option<double>("--warmup") { Description = "run SECONDS of the run's clock first, counted in no figure" };
        var duration = new Option<double>("--duration") { Description = "run for SECONDS of the run's clock instead of --txns transactions (pgbench -T)" };
        var progress = new Option<double>("--progress") { Description = "print a progress line every SECONDS of the run's clock (pgbench -P)" };
        var walAlign = new Option<string>("--wal-flush-align")
        {
            Description = "pad each WAL flush to a sector boundary (an XLOG/NOOP record) so no write touches a sector with acknowledged commits: off, 512 or 4096",
            DefaultValueFactory = _ => "off",
        };
        var printAcks = new Option<bool>("--print-acks") { Description = "print 'acked N' after every durable commit (for kill tests)" };

        var cmd = new Command("run", "run one configuration and append its measurements to OUT/runs.csv")
        {
            strategy, script, dist, scale, txns, ckptEvery, ckptWal, buffers, pageSize, fillfactor, vacuumEvery, naptime, vacuumDelay, bgwriter, completion, clients, simCpu, simCpus, device, seed, outDir, sampleSeconds, duration, progress, timeout, warmup, rate, walAlign, printAcks,
        };
        cmd.SetAction(p =>
        {
            var config = new RunConfig(
                Spec(p.GetValue(strategy)!),
                Scripts.Parse(p.GetValue(script)!),
                KeyDistribution.Parse(p.GetValue(dist)!),
                Positive(p.GetValue(scale), "--scale"),
                Positive(p.GetValue(txns), "--txns"),
                NonNegative(p.GetValue(ckptEvery), "--checkpoint-every"),
                p.GetValue(ckptWal),
                p.GetValue(buffers),
                p.GetValue(device)!,
                p.GetValue(seed),
                p.GetValue(pageSize),
                p.GetValue(fillfactor),
                p.GetValue(vacuumEvery) is int vacuumN ? NonNegative(vacuumN, "--vacuum-every") : null,
                Clients: Positive(p.GetValue(clients), "--clients"),
                CheckpointCompletionTarget: CommonOptions.CompletionTargetValue(p.GetValue(completion)),
                SimCpuPerStatementSeconds: p.GetValue(simCpu) is var us and >= 0 and < Runs.RunEngine.MaxSimCpuUs ? us / 1e6 : throw new ArgumentException($"--sim-cpu-us must be between 0 and {Runs.RunEngine.MaxSimCpuUs}"),
                DurationSeconds: p.GetValue(duration) is var d and >= 0 and <= 86400 ? d : throw new ArgumentException("--duration must be between 0 and 86400 seconds"),
                CheckpointTimeoutSeconds: p.GetValue(timeout) is var to and >= 0 ? to : throw new ArgumentException("--checkpoint-timeout must not be negative"),
                WarmupSeconds: p.GetValue(warmup) is var w and >= 0 and <= 86400 ? w : throw new ArgumentException("--warmup must be between 0 and 86400 seconds"),
                RateTps: p.GetValue(rate) is var tps and >= 0 and <= 1e7 ? tps : throw new ArgumentException("--rate must be between 0 and 10000000 transactions per second"),
                VacuumCostDelayMs: p.GetValue(vacuumDelay) is var vcd and >= 0 and <= 100 ? vcd : throw new ArgumentException("--vacuum-cost-delay must be between 0 and 100 milliseconds"),
                AutovacuumNaptimeSeconds: p.GetValue(naptime) is var nap and > 0 and <= 86400 ? nap : throw new ArgumentException("--autovacuum-naptime must be more than 0 and at most 86400 seconds"),
                BgWriterDelayMs: p.GetValue(bgwriter) is var bgw and >= 0 and <= 10000 ? bgw : throw new ArgumentException("--bgwriter-delay must be between 0 and 10000 milliseconds"))
            {
                WalFlushAlign = CommonOptions.WalFlushAlignValue(p.GetValue(walAlign)!, sector: null),
                SimCpus = p.GetValue(simCpus) is var cores and >= 1 and <= Engine.Scheduling.SimScheduler.MaxCpus ? cores
                    : throw new ArgumentException($"--sim-cpus must be between 1 and {Engine.Scheduling.SimScheduler.MaxCpus}"),
            };
            double progressEvery = p.GetValue(progress);
            if (progressEvery < 0) throw new ArgumentException("--progress must not be negative");
            if (config.FillFactor is < 10 or > 100) throw new ArgumentException("--fillfactor must be between 10 and 100");
            if (config.CheckpointWalBytes < 0) throw new ArgumentException("--checkpoint-wal must not be negative");
            new Engine.DatabaseOptions(StrategyCatalog.Parse(config.Strategy), config.Buffers, config.PageSize) { WalFlushAlign = config.WalFlushAlign }.Validate();
            DeviceSpec.Validate(config.Device);
            string dir = p.GetValue(outDir)!;
            TornbenchCli.CheckWritable(dir);
            // A probed profile is recorded as the figures it was fitted to.
            config = config with { Device = DeviceSpec.Resolve(config.Device) };

            bool acks = p.GetValue(printAcks);
            double every = p.GetValue(sampleSeconds);
            if (every < 0) throw new ArgumentException("--timeseries-seconds must not be negative");
            var series = every > 0 ? new List<TimeseriesPoint>() : null;
            var walRecords = new List<WalRecordRow>();
            string csv = Path.Combine(dir, "runs.csv");
            if (series != null) CsvAppender.CheckAppendable<TimeseriesPoint>(Path.Combine(dir, "timeseries.csv"));
            CsvAppender.CheckAppendable<WalRecordRow>(Path.Combine(dir, "wal_records.csv"));
            CsvAppender.CheckAppendable<RunResult>(csv);
            using var dev = DeviceSpec.Open(config.Device, fresh: true, config.Seed);
            var result = BenchmarkRun.Execute(config, dev, acks ? n => Console.Out.WriteLine($"acked {n}") : null, series, sampleSeconds: every,
                progress: Console.Out.WriteLine, progressSeconds: progressEvery, walRecords: walRecords);
            // The other files first: a run is done once its runs.csv row exists.
            if (series != null) CsvAppender.Append(Path.Combine(dir, "timeseries.csv"), series);
            CsvAppender.Append(Path.Combine(dir, "wal_records.csv"), walRecords);
            CsvAppender.Append(csv, [result]);
            Print(result);
            Console.WriteLine($"appended to {csv}");
            return 0;
        });
        return cmd;
    }

    internal static void Print(RunResult r)
    {
        var ci = CultureInfo.InvariantCulture;
        string suffix = r.TimeBasis == "wall" ? "" : $" ({r.TimeBasis} time)";
        string clients = r.Clients > 1 ? $" clients={r.Clients}" : "";
        string group = r.Clients > 1
            ? string.Create(ci, $", {r.CommitsPerFlush:F1} commits/flush, {r.LockWaits} lock waits ({r.LockWaitS:F3} s)")
            : "";
        Console.WriteLine(string.Create(ci,
            $"{r.Strategy,-10} {r.Script} {r.Dist} scale={r.Scale} txns={r.Txns} ckpt={r.CheckpointEvery}{clients}{(r.DurationS > 0 ? $" duration={r.DurationS:0.###}s" : "")}: " +
            $"wal {r.WalBytesPerTxn:F0} B/txn (fpi {r.WalFpiBytes / (double)r.Txns:F0} B/txn, {r.WalFpiCount} images), " +
            $"writes {r.WriteBytesPerTxn:F0} B/txn, {r.FsyncPerTxn:F2} fsync/txn, {r.Tps:F0} tps, p99 {r.LatencyP99Ms:F3} ms{suffix}{group}"));
    }

    /// <summary>A strategy as given, checked: the name with its parameters (e.g. dwb-small:16).</summary>
    internal static string Spec(string s)
    {
        StrategyCatalog.Parse(s);
        return s;
    }

    internal static int Positive(int v, string name) => v > 0 ? v : throw new ArgumentException($"{name} must be positive, not {v}");
    internal static int NonNegative(int v, string name) => v >= 0 ? v : throw new ArgumentException($"{name} must not be negative, not {v}");
}
