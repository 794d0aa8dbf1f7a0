using TornPages.Engine;
using TornPages.Storage;
using TornPages.Workloads;

namespace TornPages.Harness.Runs;

/// <summary>
/// Every counter a run's figures come from, taken at once: the measured part of a run is
/// <see cref="Since"/> between two of these (its start, after the load or the warmup, and its end).
/// </summary>
public sealed record RunCounters(
    IoStats Io, Engine.Wal.WalStats Wal, int Checkpoints, long DirtyEvictions, long CopyWriteBytes,
    long HotUpdates, long NonHotUpdates, long Prunes, long IndexSplits, int Vacuums, long LockWaits, double LockWaitSeconds,
    int VacuumsBranches, int VacuumsTellers, int VacuumsAccounts, int VacuumsHistory,
    long WritesCheckpointer, long WritesBgwriter, long WritesBackend, long KeptWalBytesSum, long HeldBytesSum)
{
    public static RunCounters Capture(Database db, IStorageDevice device, PgbenchClients clients) => new(
        device.Stats.Snapshot(), db.Wal.Stats.Snapshot(), db.Checkpoints, db.Pool.DirtyEvictions, db.WritePath.CopyWriteBytes,
        db.Heap.HotUpdates, db.Heap.NonHotUpdates, db.Heap.Prunes, db.Indexes.Splits, db.Vacuum.Passes,
        clients.Locks.Waits, clients.Locks.WaitSeconds,
        db.Vacuum.PassesOf(PgbenchSchema.Branches.Id), db.Vacuum.PassesOf(PgbenchSchema.Tellers.Id),
        db.Vacuum.PassesOf(PgbenchSchema.Accounts.Id), db.Vacuum.PassesOf(PgbenchSchema.History.Id),
        db.Pool.WritesByCheckpoint, db.Pool.WritesByBgwriter, db.Pool.WritesByBackend, db.Checkpointer.KeptWalBytesSum,
        db.Checkpointer.HeldBytesSum);

    /// <summary>Every counter's growth since <paramref name="start"/>: the one place a run's figures are differenced.</summary>
    public RunCounters Since(RunCounters start) => new(
        Io.Since(start.Io), Wal.Since(start.Wal), Checkpoints - start.Checkpoints, DirtyEvictions - start.DirtyEvictions,
        CopyWriteBytes - start.CopyWriteBytes, HotUpdates - start.HotUpdates, NonHotUpdates - start.NonHotUpdates,
        Prunes - start.Prunes, IndexSplits - start.IndexSplits, Vacuums - start.Vacuums, LockWaits - start.LockWaits,
        LockWaitSeconds - start.LockWaitSeconds, VacuumsBranches - start.VacuumsBranches, VacuumsTellers - start.VacuumsTellers,
        VacuumsAccounts - start.VacuumsAccounts, VacuumsHistory - start.VacuumsHistory,
        WritesCheckpointer - start.WritesCheckpointer, WritesBgwriter - start.WritesBgwriter, WritesBackend - start.WritesBackend,
        KeptWalBytesSum - start.KeptWalBytesSum, HeldBytesSum - start.HeldBytesSum);
}
