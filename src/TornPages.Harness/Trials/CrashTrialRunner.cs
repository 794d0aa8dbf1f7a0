using TornPages.Engine;
using TornPages.Engine.Buffers;
using TornPages.Engine.Strategies;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Trials;

/// <summary>The result of one crash trial.</summary>
/// <param name="PagesRestored">Pages the strategy's recovery prologue copied back (double-write).</param>
/// <param name="ImagesRestored">Full-page images recovery restored from the WAL.</param>
/// <param name="RecoveryCrashes">Crashes during recovery before the recovery that was checked (<see cref="CrashPhase.Recovery"/>).</param>
/// <param name="TornPagesFound">Pages recovery found torn when it read them, repaired or not.</param>
/// <param name="PagesRepairedFromKeptWal">Torn pages selective replay rebuilt from the WAL kept before the redo point (fpw-super).</param>
public sealed record TrialResult(int Trial, long CrashCall, CrashTiming Timing, long Acknowledged, OracleVerdict Verdict,
    int PagesRestored = 0, long ImagesRestored = 0, double RecoveryMs = 0, int RecoveryCrashes = 0, int TornPagesFound = 0, int PagesRepairedFromKeptWal = 0);

/// <summary>
/// Crash trials (DESIGN 7): a small database is loaded once; each trial clones it, arms a crash at a
/// random device call of the run (before or after that call), runs transactions with checkpoints
/// until the crash fires, resolves the crash (pending writes persisted or lost sector by sector),
/// recovers with a fresh engine and checks the result with the <see cref="Oracle"/>.
/// </summary>
public sealed class CrashTrialRunner(CrashTrialConfig config)
{
    private readonly TransactionSpec[] _txns =
        TransactionStream.Take(config.Scale, config.Distribution, (ulong)config.Seed, config.Transactions);

    private SimulatedDevice? _loaded;

    /// <summary>Trial t of a run with seed s resolves its crash with seed s x this + t: a prime larger than any trial count, so runs with nearby seeds share no trial seed.</summary>
    private const int TrialSeedStride = 7919;

    /// <summary>State-changing device calls of the whole run without a crash: trials crash at one of them.</summary>
    public long CallsPerRun { get; private set; }

    /// <summary>
    /// The trials, in trial order, <paramref name="parallelism"/> at a time. Each trial is decided by
    /// its crash point and seed alone (drawn here, in order, from the run's seed) and works on its
    /// own copy of the loaded device, so the results are the same however many run at once.
    /// </summary>
    public IEnumerable<TrialResult> Run(int parallelism = 1)
    {
        if (parallelism < 1) throw new ArgumentOutOfRangeException(nameof(parallelism));
        Prepare();
        var rng = new Random(config.Seed);
        var points = new (int Trial, long Call, CrashTiming Timing)[config.Trials];
        for (int t = 0; t < config.Trials; t++)
        {
            long call = rng.NextInt64(1, (config.CrashIn == CrashPhase.Load ? CallsPerLoad : CallsPerRun) + 1);
            points[t] = (t, call, rng.Next(2) == 0 ? CrashTiming.Before : CrashTiming.After);
        }
        TrialResult One((int Trial, long Call, CrashTiming Timing) p) => config.CrashIn == CrashPhase.Load
            ? RunLoadTrial(p.Trial, p.Call, p.Timing, config.Seed * TrialSeedStride + p.Trial)
            : RunTrial(p.Trial, p.Call, p.Timing, config.Seed * TrialSeedStride + p.Trial);
        return parallelism == 1
            ? points.Select(One)
            : points.AsParallel().AsOrdered().WithDegreeOfParallelism(parallelism).WithMergeOptions(ParallelMergeOptions.NotBuffered).Select(One);
    }

    /// <summary>State-changing device calls of creating and loading the database: load trials crash at one of them.</summary>
    public long CallsPerLoad { get; private set; }

    /// <summary>Loads the database once and measures a crash-free run.</summary>
    public void Prepare()
    {
        if (_loaded != null) return;
        var dev = new SimulatedDevice(config.Crash, config.Seed);
        var db = Database.Create(dev, PgbenchSchema.Catalog(), Options());
        PgbenchLoader.Load(db, config.Scale);
        _loaded = dev;
        CallsPerLoad = dev.Calls;

        var dry = _loaded.Clone(config.Seed);
        var ddb = Open(dry);
        long before = dry.Calls;
        RunTransactions(ddb, new TrialLog());
        CallsPerRun = dry.Calls - before;
    }

    public TrialResult RunTrial(int trial, long call, CrashTiming timing, int seed)
    {
        Prepare();
        var dev = _loaded!.Clone(seed);
        var db = Open(dev);
        dev.ArmCrash(call, timing);
        var log = new TrialLog();
        try
        {
            RunTransactions(db, log);
        }
        catch (SimulatedCrashException)
        {
        }
        dev.Crash();
        int recoveryCrashes = config.CrashIn == CrashPhase.Recovery ? CrashDuringRecovery(dev, seed) : 0;
        var verdict = Recover(dev, log, out var report);
        return new TrialResult(trial, call, timing, log.Acknowledged, verdict, report?.PagesRestoredByPrologue ?? 0, report?.ImagesRestored ?? 0,
            report?.Duration.TotalMilliseconds ?? 0, recoveryCrashes, report?.TornPagesFound ?? 0, report?.PagesRepairedFromKeptWal ?? 0);
    }

    /// <summary>
    /// A crash while the database is created and loaded: recovery must either say the load never
    /// finished (no checkpoint names a database) or open one that holds the whole load and no
    /// transaction. Anything else (an error, a database missing rows) fails the trial.
    /// </summary>
    public TrialResult RunLoadTrial(int trial, long call, CrashTiming timing, int seed)
    {
        var dev = new SimulatedDevice(config.Crash, seed);
        dev.ArmCrash(call, timing);
        try
        {
            PgbenchLoader.Load(Database.Create(dev, PgbenchSchema.Catalog(), Options()), config.Scale);
            dev.Disarm();
        }
        catch (SimulatedCrashException)
        {
        }
        dev.Crash();
        var verdict = Recover(dev, new TrialLog(), out var report, loadMayBeUnfinished: true);
        return new TrialResult(trial, call, timing, 0, verdict, report?.PagesRestoredByPrologue ?? 0, report?.ImagesRestored ?? 0,
            report?.Duration.TotalMilliseconds ?? 0);
    }

    /// <summary>
    /// One to three recoveries in a row, each crashed at a random device call of its own (replay,
    /// rollback or the end-of-recovery checkpoint), counted on a copy of the device first. A
    /// recovery that fails outright is left for the last one to report. Returns the crashes made.
    /// </summary>
    private int CrashDuringRecovery(SimulatedDevice dev, int seed)
    {
        var rng = new Random(seed);
        int nested = 1 + rng.Next(MaxNestedRecoveryCrashes);
        int k = 0;
        for (; k < nested; k++)
        {
            var dry = dev.Clone(seed);
            long before = dry.Calls;
            try
            {
                Open(dry);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return k;
            }
            long calls = dry.Calls - before;
            if (calls == 0) return k;
            dev.ArmCrash(rng.NextInt64(1, calls + 1), rng.Next(2) == 0 ? CrashTiming.Before : CrashTiming.After);
            try
            {
                Open(dev);
                // Recovery is deterministic from the device's contents: it reached the armed call on the copy, so here too.
                throw new InvalidOperationException("recovery ended before the device call it made on an identical copy");
            }
            catch (SimulatedCrashException)
            {
                dev.Crash();
            }
        }
        return k;
    }

    /// <summary>How many crashes in a row a trial of <see cref="CrashPhase.Recovery"/> makes during recovery, at the most.</summary>
    private const int MaxNestedRecoveryCrashes = 3;

    /// <summary>The device calls of a crash-free run, numbered as crash points are: where each protocol step happens.</summary>
    public IReadOnlyList<DeviceCall> TraceRun()
    {
        Prepare();
        var dev = _loaded!.Clone(config.Seed);
        var db = Open(dev);
        var trace = new List<DeviceCall>();
        long offset = dev.Calls;
        dev.Trace = trace;
        RunTransactions(db, new TrialLog());
        return trace.Select(c => c with { Number = c.Number - offset }).ToList();
    }

    /// <summary>What one trial's clients were told before the crash: the commits acknowledged, and the order their commit records entered the WAL.</summary>
    private sealed class TrialLog
    {
        public long Acknowledged;
        public readonly CommitOrder Commits = new();
    }

    private void RunTransactions(Database db, TrialLog log)
    {
        // Clients on simulated time: the crash fires inside whichever client's step makes the armed
        // device call, and the scheduler passes it up. One client commits in place, in sequence.
        var device = (SimulatedDevice)db.Device;
        var scheduler = new Engine.Scheduling.SimScheduler(device.TakeSyncsDone);
        var clients = new PgbenchClients(db, config.Script, scheduler, config.Clients, 0,
            onCommitRecord: log.Commits.Inserted);
        clients.Run(new TransactionStream(config.Scale, config.Distribution, (ulong)config.Seed), _txns.Length, (sequence, _) =>
        {
            log.Commits.Acknowledge(sequence);
            log.Acknowledged++;
            db.RunBackgroundWork(scheduler);
        });
    }

    private OracleVerdict Recover(SimulatedDevice dev, TrialLog log, out Engine.Recovery.RecoveryReport? report, bool loadMayBeUnfinished = false)
    {
        report = null;
        Database db;
        try
        {
            db = Open(dev);
        }
        catch (DatabaseNotFoundException e) when (loadMayBeUnfinished)
        {
            // The right answer to a crash before the load's checkpoint: there is no database yet.
            return new OracleVerdict(TrialOutcome.Passed, 0, e.Message);
        }
        catch (TornPageException e)
        {
            return new OracleVerdict(TrialOutcome.TornPage, -1, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new OracleVerdict(TrialOutcome.RecoveryError, -1, $"{e.GetType().Name}: {e.Message}");
        }
        report = db.Recovery!;
        if (!report.Clean)
        {
            var (rel, block) = report.UnrecoverablePages[0];
            return new OracleVerdict(TrialOutcome.TornPage, -1,
                $"{report.UnrecoverablePages.Count} unrecoverable torn page(s), first: {db.Catalog[rel].Name} block {block}");
        }
        try
        {
            return Oracle.Verify(db, config.Scale, config.Script, _txns, log.Commits);
        }
        catch (TornPageException e)
        {
            return new OracleVerdict(TrialOutcome.TornPage, -1, e.Message);
        }
        catch (Engine.Pages.CorruptPageException e)
        {
            // A page that passed its checksum (an all-zero page does) but is not what its relation holds there.
            return new OracleVerdict(TrialOutcome.WrongData, -1, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Recovery finished and called the database good, yet reading it fails: its data is wrong.
            return new OracleVerdict(TrialOutcome.WrongData, -1, $"reading the recovered database: {e.GetType().Name}: {e.Message}");
        }
    }

    private Database Open(SimulatedDevice dev)
    {
        var db = Database.Open(dev, PgbenchSchema.Catalog(), Options());
        db.CheckpointPolicy = new CheckpointPolicy(EveryTransactions: config.CheckpointEvery, CompletionTarget: config.CheckpointCompletionTarget);
        // Paced by the commit (crash trials have no clock): the pass advances between transactions, so crashes fall inside passes too.
        db.VacuumPolicy = config.VacuumEvery > 0 ? Engine.Vacuuming.VacuumPolicy.FixedPaced(config.VacuumEvery) with { CostDelaySeconds = 0 } : new();
        // A background writer round every 20 transactions: its writes are crash points too.
        db.BgWriter.Policy = new Engine.Buffers.BackgroundWriterPolicy(DelayTransactions: 20);
        return db;
    }

    private DatabaseOptions Options() =>
        new(StrategyCatalog.Parse(config.Strategy), config.Buffers) { WalFlushAlign = config.WalFlushAlign, SelectiveReplay = config.SelectiveReplay };
}
