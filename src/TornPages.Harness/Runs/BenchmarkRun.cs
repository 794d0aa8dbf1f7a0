using System.Diagnostics;
using TornPages.Engine;
using TornPages.Engine.Strategies;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Runs;

/// <summary>
/// One measured run: a fresh database is loaded (not measured), then the configured number of
/// pgbench transactions runs with checkpoints as configured, and every counter is taken as the
/// difference between the end and the start of the measured part.
/// </summary>
public static class BenchmarkRun
{
    /// <param name="onCommit">Called after each durable commit with the number acknowledged so far.</param>
    /// <param name="timeseries">Receives a row every <paramref name="sampleEvery"/> transactions, or every <paramref name="sampleSeconds"/> of the run's clock when that is positive.</param>
    /// <param name="progress">Receives a pgbench -P style line every <paramref name="progressSeconds"/> of the run's clock.</param>
    public static RunResult Execute(RunConfig c, IStorageDevice device, Action<long>? onCommit = null,
        List<TimeseriesPoint>? timeseries = null, int sampleEvery = 100, double sampleSeconds = 0,
        Action<string>? progress = null, double progressSeconds = 0)
    {
        var strategy = StrategyCatalog.Parse(c.Strategy);
        SimMemoryCheck.Ensure(c, SimMemoryCheck.AvailableBytes());
        var db = Database.Create(device, PgbenchSchema.Catalog(c.FillFactor), new DatabaseOptions(strategy, c.Buffers, c.PageSize));
        var scale = new Scale(c.Scale);
        PgbenchLoader.Load(db, scale);
        db.CheckpointPolicy = new CheckpointPolicy(c.CheckpointEvery, c.CheckpointWalBytes, c.CheckpointCompletionTarget, c.CheckpointTimeoutSeconds);

        var stream = new TransactionStream(scale, c.Distribution, (ulong)c.Seed);
        using var engine = RunEngine.For(device, c.SimCpuPerStatementSeconds);
        if (c.RateTps > 0 && engine.Clock.Basis == "cpu")
            throw new ArgumentException("--rate needs a device with time of its own: sim-ssd, sim-hdd or file:DIR");
        var clock = engine.Clock;
        db.VacuumPolicy = c.VacuumPolicy(clock.Basis);
        db.BgWriter.Policy = c.BgWriterPolicy(clock.Basis);
        var clients = new PgbenchClients(db, c.Script, engine.Scheduler, c.Clients, engine.CpuPerStatement, () => clock.Now);
        var latency = new LatencyRecorder();
        long committed = 0, committedAtRow = 0;
        bool checkpointInInterval = false;
        double start = clock.Now, rowAt = 0;
        db.Clock = () => clock.Now;
        var report = new ProgressLines(progressSeconds);
        // The measured part starts after the warmup (pgbench --warmup's sense: transactions run, none counted).
        bool warm = c.WarmupSeconds <= 0;
        var b = RunCounters.Capture(db, device, clients);
        bool Done() => warm && (c.Timed ? clock.Now - start >= c.DurationSeconds : committed >= c.Transactions);
        clients.Run(stream, c.Timed || !warm ? int.MaxValue : c.Transactions, (sequence, seconds) =>
        {
            if (!warm)
            {
                db.RunBackgroundWork(engine.Scheduler);
                if (clock.Now - start < c.WarmupSeconds) return;
                warm = true;
                b = RunCounters.Capture(db, device, clients);
                start = clock.Now;
                return;
            }
            latency.Record(seconds);
            committed++;
            if (progress != null && report.Add(clock.Now - start, seconds) is { } line) progress(line);
            onCommit?.Invoke(committed);
            checkpointInInterval |= db.CheckpointInProgress;
            db.RunBackgroundWork(engine.Scheduler);
            if (timeseries == null) return;
            double t = clock.Now - start;
            if (sampleSeconds > 0 ? t < rowAt + sampleSeconds : committed % sampleEvery != 0) return;
            timeseries.Add(new TimeseriesPoint
            {
                RunId = c.Id, Strategy = c.Strategy, Dist = c.Distribution.ToString(), CheckpointEvery = c.CheckpointEvery,
                Seed = c.Seed, Device = c.DeviceKind, Clients = c.Clients, Txn = (int)committed, ElapsedS = t,
                WalBytes = db.Wal.Stats.Bytes - b.Wal.Bytes, WalFpiBytes = db.Wal.Stats.FpiBytes - b.Wal.FpiBytes,
                Syncs = device.Stats.TotalSyncs - b.Io.TotalSyncs, WriteBytes = device.Stats.TotalWriteBytes - b.Io.TotalWriteBytes,
                Checkpoints = db.Checkpoints - b.Checkpoints,
                Tps = t > rowAt ? (committed - committedAtRow) / (t - rowAt) : 0,
                LatencyP99Ms = latency.TakeIntervalMs(99),
                CheckpointActive = checkpointInInterval ? 1 : 0,
            });
            (rowAt, committedAtRow, checkpointInInterval) = (t, committed, db.CheckpointInProgress);
        }, c.Timed || c.WarmupSeconds > 0 ? Done : null, c.RateTps, (ulong)c.Seed);
        double elapsed = Math.Max(clock.Now - start, 1e-9);

        var io = device.Stats;
        var wal = db.Wal.Stats;
        long W(FileClass k) => io[k].WriteBytes - b.Io[k].WriteBytes;
        long S(FileClass k) => io[k].Syncs - b.Io[k].Syncs;
        long totalSyncs = io.TotalSyncs - b.Io.TotalSyncs;
        long totalWrites = io.TotalWriteBytes - b.Io.TotalWriteBytes;
        long walBytes = wal.Bytes - b.Wal.Bytes;
        return new RunResult
        {
            RunId = c.Id,
            TimeBasis = clock.Basis,
            Strategy = c.Strategy,
            StrategyParams = strategy.Parameters,
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
            SyncMethod = device.SyncMethod,
            Seed = c.Seed,
            Clients = c.Clients,
            WalBytes = walBytes,
            WalFpiBytes = wal.FpiBytes - b.Wal.FpiBytes,
            WalFpiCount = wal.FpiCount - b.Wal.FpiCount,
            WalHeapFpiBytes = wal.HeapFpiBytes - b.Wal.HeapFpiBytes,
            WalIndexFpiBytes = wal.IndexFpiBytes - b.Wal.IndexFpiBytes,
            WalHeapFpiCount = wal.HeapFpiCount - b.Wal.HeapFpiCount,
            WalHeapFpiOnCompactingCount = wal.HeapFpiOnCompactingCount - b.Wal.HeapFpiOnCompactingCount,
            WalIndexFpiCount = wal.IndexFpiCount - b.Wal.IndexFpiCount,
            WalRecordBytes = wal.RecordBytes - b.Wal.RecordBytes,
            WalRecords = wal.Records - b.Wal.Records,
            WalWriteBytes = W(FileClass.Wal),
            DataWriteBytes = W(FileClass.Data),
            DwbWriteBytes = W(FileClass.DoubleWrite),
            MapWriteBytes = W(FileClass.Map),
            CopyWriteBytes = db.WritePath.CopyWriteBytes - b.CopyWriteBytes,
            ControlWriteBytes = W(FileClass.Control),
            TotalWriteBytes = totalWrites,
            WalSyncs = S(FileClass.Wal),
            DataSyncs = S(FileClass.Data),
            DwbSyncs = S(FileClass.DoubleWrite),
            MapSyncs = S(FileClass.Map),
            ControlSyncs = S(FileClass.Control),
            TotalSyncs = totalSyncs,
            Checkpoints = db.Checkpoints - b.Checkpoints,
            HotUpdates = db.Heap.HotUpdates - b.HotUpdates,
            NonHotUpdates = db.Heap.NonHotUpdates - b.NonHotUpdates,
            Prunes = db.Heap.Prunes - b.Prunes,
            IndexSplits = db.Indexes.Splits - b.IndexSplits,
            Vacuums = db.Vacuum.Passes - b.Vacuums,
            VacuumsBranches = db.Vacuum.PassesOf(PgbenchSchema.Branches.Id) - b.VacuumsBranches,
            VacuumsTellers = db.Vacuum.PassesOf(PgbenchSchema.Tellers.Id) - b.VacuumsTellers,
            VacuumsAccounts = db.Vacuum.PassesOf(PgbenchSchema.Accounts.Id) - b.VacuumsAccounts,
            VacuumsHistory = db.Vacuum.PassesOf(PgbenchSchema.History.Id) - b.VacuumsHistory,
            BgWriter = db.BgWriter.Policy.ToString(),
            WritesCheckpointer = db.Pool.WritesByCheckpoint - b.WritesCheckpointer,
            WritesBgwriter = db.Pool.WritesByBgwriter - b.WritesBgwriter,
            WritesBackend = db.Pool.WritesByBackend - b.WritesBackend,
            BufferEvictionsDirty = db.Pool.DirtyEvictions - b.DirtyEvictions,
            ElapsedS = elapsed,
            Tps = committed / elapsed,
            FsyncPerS = totalSyncs / elapsed,
            FsyncPerTxn = (double)totalSyncs / Math.Max(1, committed),
            WalBytesPerTxn = (double)walBytes / Math.Max(1, committed),
            WriteBytesPerTxn = (double)totalWrites / Math.Max(1, committed),
            LatencyP50Ms = latency.RunMs(50),
            LatencyP90Ms = latency.RunMs(90),
            LatencyP95Ms = latency.RunMs(95),
            LatencyP99Ms = latency.RunMs(99),
            LatencyP999Ms = latency.RunMs(99.9),
            LatencyMaxMs = latency.RunMaxMs,
            LockWaits = clients.Locks.Waits - b.LockWaits,
            LockWaitS = clients.Locks.WaitSeconds - b.LockWaitSeconds,
            CommitsPerFlush = (double)committed / Math.Max(1, wal.Flushes - b.Wal.Flushes),
            SpaceBytes = db.SpaceBytes,
            AccountsDiscontinuities = db.Discontinuities(PgbenchSchema.Accounts),
        };
    }
}
