using System.Diagnostics;
using TornPages.Engine;
using TornPages.Engine.Strategies;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Runs;

/// <summary>
/// One measured run, in three steps: set up (a fresh database loaded, not measured, with its
/// clients, clock and policies), measure (the configured pgbench transactions, with checkpoints
/// and background work as configured, after any warmup), collect (every counter as its growth over
/// the measured part, <see cref="RunCounters.Since"/>).
/// </summary>
public sealed class BenchmarkRun : IDisposable
{
    private readonly RunConfig _c;
    private readonly IStorageDevice _device;
    private readonly ITornPageStrategy _strategy;
    private readonly Database _db;
    private readonly TransactionStream _stream;
    private readonly RunEngine _engine;
    private readonly PgbenchClients _clients;
    private readonly LatencyRecorder _latency = new();

    /// <param name="onCommit">Called after each durable commit with the number acknowledged so far.</param>
    /// <param name="timeseries">Receives a row every <paramref name="sampleEvery"/> transactions, or every <paramref name="sampleSeconds"/> of the run's clock when that is positive.</param>
    /// <param name="progress">Receives a pgbench -P style line every <paramref name="progressSeconds"/> of the run's clock.</param>
    /// <param name="walRecords">Receives the run's WAL by record type (wal_records.csv).</param>
    public static RunResult Execute(RunConfig c, IStorageDevice device, Action<long>? onCommit = null,
        List<TimeseriesPoint>? timeseries = null, int sampleEvery = 100, double sampleSeconds = 0,
        Action<string>? progress = null, double progressSeconds = 0, List<WalRecordRow>? walRecords = null)
    {
        using var run = new BenchmarkRun(c, device);
        var measured = run.Measure(onCommit, timeseries, sampleEvery, sampleSeconds, progress, progressSeconds);
        var d = measured.End.Since(measured.Start);
        walRecords?.AddRange(WalRecordRow.From(c.Id, d.Wal));
        return run.Collect(measured, d);
    }

    /// <summary>Setup: the database created and loaded, its policies and the clients in place.</summary>
    private BenchmarkRun(RunConfig c, IStorageDevice device)
    {
        _c = c;
        _device = device;
        _strategy = StrategyCatalog.Parse(c.Strategy);
        SimMemoryCheck.Ensure(c, SimMemoryCheck.AvailableBytes());
        _db = Database.Create(device, PgbenchSchema.Catalog(c.FillFactor), new DatabaseOptions(_strategy, c.Buffers, c.PageSize) { WalFlushAlign = c.WalFlushAlign });
        var scale = new Scale(c.Scale);
        PgbenchLoader.Load(_db, scale);
        _db.CheckpointPolicy = new CheckpointPolicy(c.CheckpointEvery, c.CheckpointWalBytes, c.CheckpointCompletionTarget, c.CheckpointTimeoutSeconds);
        _stream = new TransactionStream(scale, c.Distribution, (ulong)c.Seed);
        _engine = RunEngine.For(device, c.SimCpuPerStatementSeconds, c.SimCpus);
        if (c.RateTps > 0 && _engine.Clock.Basis == "cpu")
        {
            _engine.Dispose();
            throw new ArgumentException("--rate needs a device with time of its own: sim-PROFILE (sim-ssd, sim-hdd, ...) or file:DIR");
        }
        var clock = _engine.Clock;
        _db.VacuumPolicy = c.VacuumPolicy(clock.Basis);
        _db.BgWriter.Policy = c.BgWriterPolicy(clock.Basis);
        _db.Clock = () => clock.Now;
        _clients = new PgbenchClients(_db, c.Script, _engine.Scheduler, c.Clients, _engine.CpuPerStatement, () => clock.Now);
    }

    public void Dispose() => _engine.Dispose();

    /// <summary>What the measured part leaves: how many committed, over how long, and the counters at its start and end.</summary>
    private sealed record Measured(long Committed, double ElapsedS, RunCounters Start, RunCounters End);

    private RunCounters Capture() => RunCounters.Capture(_db, _device, _clients);

    private Measured Measure(Action<long>? onCommit, List<TimeseriesPoint>? timeseries, int sampleEvery, double sampleSeconds,
        Action<string>? progress, double progressSeconds)
    {
        var c = _c;
        var clock = _engine.Clock;
        long committed = 0, committedAtRow = 0;
        bool checkpointInInterval = false;
        double start = clock.Now, rowAt = 0;
        var report = new ProgressLines(progressSeconds);
        // The measured part starts after the warmup (pgbench --warmup's sense: transactions run, none counted).
        bool warm = c.WarmupSeconds <= 0;
        var b = Capture();
        bool Done() => warm && (c.Timed ? clock.Now - start >= c.DurationSeconds : committed >= c.Transactions);
        _clients.Run(_stream, c.Timed || !warm ? int.MaxValue : c.Transactions, (sequence, seconds) =>
        {
            if (!warm)
            {
                _db.RunBackgroundWork(_engine.Scheduler);
                if (clock.Now - start < c.WarmupSeconds) return;
                warm = true;
                b = Capture();
                start = clock.Now;
                return;
            }
            _latency.Record(seconds);
            committed++;
            if (progress != null && report.Add(clock.Now - start, seconds) is { } line) progress(line);
            onCommit?.Invoke(committed);
            checkpointInInterval |= _db.CheckpointInProgress;
            _db.RunBackgroundWork(_engine.Scheduler);
            if (timeseries == null) return;
            double t = clock.Now - start;
            if (sampleSeconds > 0 ? t < rowAt + sampleSeconds : committed % sampleEvery != 0) return;
            var d = Capture().Since(b);
            timeseries.Add(new TimeseriesPoint
            {
                RunId = c.Id, Strategy = c.Strategy, Dist = c.Distribution.ToString(), CheckpointEvery = c.CheckpointEvery,
                Seed = c.Seed, Device = c.DeviceKind, Clients = c.Clients, Txn = (int)committed, ElapsedS = t,
                WalBytes = d.Wal.Bytes, WalFpiBytes = d.Wal.FpiBytes,
                Syncs = d.Io.TotalSyncs, WriteBytes = d.Io.TotalWriteBytes,
                Checkpoints = d.Checkpoints,
                Tps = t > rowAt ? (committed - committedAtRow) / (t - rowAt) : 0,
                LatencyP99Ms = _latency.TakeIntervalMs(99),
                CheckpointActive = checkpointInInterval ? 1 : 0,
            });
            (rowAt, committedAtRow, checkpointInInterval) = (t, committed, _db.CheckpointInProgress);
        }, c.Timed || c.WarmupSeconds > 0 ? Done : null, c.RateTps, (ulong)c.Seed);
        return new Measured(committed, Math.Max(clock.Now - start, 1e-9), b, Capture());
    }

    private RunResult Collect(Measured m, RunCounters d)
    {
        var c = _c;
        var db = _db;
        long committed = m.Committed;
        double elapsed = m.ElapsedS;
        long W(FileClass k) => d.Io[k].WriteBytes;
        long S(FileClass k) => d.Io[k].Syncs;
        long totalSyncs = d.Io.TotalSyncs;
        long totalWrites = d.Io.TotalWriteBytes;
        var wal = d.Wal;
        var result = new RunResult
        {
            RunId = c.Id,
            TimeBasis = _engine.Clock.Basis,
            Strategy = c.Strategy,
            StrategyParams = _strategy.Parameters,
            Script = c.Script.Name(),
            Dist = c.Distribution.ToString(),
            Scale = c.Scale,
            Txns = (int)committed,
            DurationS = c.DurationSeconds,
            RateTps = c.RateTps,
            CheckpointEvery = c.CheckpointEvery,
            CheckpointWalBytes = c.CheckpointWalBytes,
            CheckpointCompletionTarget = c.CheckpointCompletionTarget,
            Buffers = c.Buffers,
            PageSize = c.PageSize,
            Fillfactor = c.FillFactor,
            VacuumEvery = c.VacuumEvery ?? 0,
            VacuumPolicy = db.VacuumPolicy.ToString(),
            VacuumCostDelayMs = db.VacuumPolicy.CostDelaySeconds * 1e3,
            Device = c.DeviceKind,
            SyncMethod = _device.SyncMethod,
            Seed = c.Seed,
            Clients = c.Clients,
            SimCpuUs = _engine.Clock.Basis == "simulated" ? _engine.CpuPerStatement * 1e6 : 0,
            SimCpus = _engine.Scheduler is Engine.Scheduling.SimScheduler { } sim && _engine.Clock.Basis == "simulated" ? sim.Cpus : 0,
            WalBytes = wal.Bytes,
            WalFpiBytes = wal.FpiBytes,
            WalFpiCount = wal.FpiCount,
            WalHeapFpiBytes = wal.HeapFpiBytes,
            WalIndexFpiBytes = wal.IndexFpiBytes,
            WalHeapFpiCount = wal.HeapFpiCount,
            WalHeapFpiOnCompactingCount = wal.HeapFpiOnCompactingCount,
            WalIndexFpiCount = wal.IndexFpiCount,
            WalRecordBytes = wal.RecordBytes,
            WalRecords = wal.Records,
            WalWriteBytes = W(FileClass.Wal),
            DataWriteBytes = W(FileClass.Data),
            DwbWriteBytes = W(FileClass.DoubleWrite),
            MapWriteBytes = W(FileClass.Map),
            CopyWriteBytes = d.CopyWriteBytes,
            ControlWriteBytes = W(FileClass.Control),
            TotalWriteBytes = totalWrites,
            WalSyncs = S(FileClass.Wal),
            DataSyncs = S(FileClass.Data),
            DwbSyncs = S(FileClass.DoubleWrite),
            MapSyncs = S(FileClass.Map),
            ControlSyncs = S(FileClass.Control),
            TotalSyncs = totalSyncs,
            Checkpoints = d.Checkpoints,
            HotUpdates = d.HotUpdates,
            NonHotUpdates = d.NonHotUpdates,
            Prunes = d.Prunes,
            IndexSplits = d.IndexSplits,
            Vacuums = d.Vacuums,
            VacuumsBranches = d.VacuumsBranches,
            VacuumsTellers = d.VacuumsTellers,
            VacuumsAccounts = d.VacuumsAccounts,
            VacuumsHistory = d.VacuumsHistory,
            BgWriter = db.BgWriter.Policy.ToString(),
            WritesCheckpointer = d.WritesCheckpointer,
            WritesBgwriter = d.WritesBgwriter,
            WritesBackend = d.WritesBackend,
            BufferEvictionsDirty = d.DirtyEvictions,
            ElapsedS = elapsed,
            Tps = committed / elapsed,
            FsyncPerS = totalSyncs / elapsed,
            FsyncPerTxn = (double)totalSyncs / Math.Max(1, committed),
            WalBytesPerTxn = (double)wal.Bytes / Math.Max(1, committed),
            WriteBytesPerTxn = (double)totalWrites / Math.Max(1, committed),
            LatencyP50Ms = _latency.RunMs(50),
            LatencyP90Ms = _latency.RunMs(90),
            LatencyP95Ms = _latency.RunMs(95),
            LatencyP99Ms = _latency.RunMs(99),
            LatencyP999Ms = _latency.RunMs(99.9),
            LatencyMaxMs = _latency.RunMaxMs,
            LockWaits = d.LockWaits,
            LockWaitS = d.LockWaitSeconds,
            CommitsPerFlush = (double)committed / Math.Max(1, wal.Flushes),
            WalFlushAlign = c.WalFlushAlign,
            WalAlignPadBytes = wal.AlignPadBytes,
            WalKeptBytes = d.Checkpoints == 0 ? 0 : d.KeptWalBytesSum / d.Checkpoints,
            StrategyHeldBytes = d.Checkpoints == 0 ? 0 : d.HeldBytesSum / d.Checkpoints,
            SpaceBytes = db.SpaceBytes,
            AccountsDiscontinuities = db.Discontinuities(PgbenchSchema.Accounts),
        };
        result.SetCauses(d.Io);
        return result;
    }
}
