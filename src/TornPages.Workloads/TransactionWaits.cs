using TornPages.Engine;
using TornPages.Engine.Scheduling;
using TornPages.Engine.Wal;

namespace TornPages.Workloads;

/// <summary>Where a transaction waits: before updating a row, and for its commit to be durable.</summary>
public interface ITransactionWaits
{
    /// <summary>
    /// Completes when the running transaction holds the row lock. If it had to wait it is off the
    /// engine: the caller calls <see cref="Database.Resume"/> after the await, in the same step as
    /// the statements that follow (a continuation of a nested async method would run in a later one).
    /// </summary>
    ValueTask LockRow(byte rel, int key);

    /// <summary>Commits the running transaction; completes when the commit is durable.</summary>
    ValueTask Commit(ulong sequence);
}

public static class TransactionWaits
{
    /// <summary>One transaction at a time: no lock is ever held by another, and the commit flushes in place.</summary>
    /// <param name="onCommitRecord">Told each sequence number as it commits (crash trials keep that order).</param>
    public static ITransactionWaits None(Database db, Action<ulong>? onCommitRecord = null) => new Immediate(db, onCommitRecord);

    private sealed class Immediate(Database db, Action<ulong>? onCommitRecord) : ITransactionWaits
    {
        public ValueTask LockRow(byte rel, int key) => ValueTask.CompletedTask;

        public ValueTask Commit(ulong sequence)
        {
            // Told first: the commit record may reach the WAL even if the flush never returns.
            onCommitRecord?.Invoke(sequence);
            db.Commit(sequence);
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// Waits among clients: a row lock held by another transaction until its commit is durable, and the
/// group commit. While a client waits its transaction is off the engine (<see cref="Database.Suspend"/>),
/// so other clients' statements run.
/// </summary>
/// <param name="onCommitRecord">Told each sequence number as its commit record enters the WAL (crash trials keep that order).</param>
public sealed class ClientWaits(Database db, RowLocks locks, GroupCommit group, Action<ulong>? onCommitRecord = null) : ITransactionWaits
{
    /// <summary>Waiting, the transaction leaves the engine; the caller puts it back (<see cref="Database.Resume"/>) in the step that continues it.</summary>
    public ValueTask LockRow(byte rel, int key)
    {
        var granted = locks.Acquire(rel, key, db.CurrentXid);
        if (!granted.IsCompletedSuccessfully) db.Suspend();
        return granted;
    }

    public async ValueTask Commit(ulong sequence)
    {
        uint xid = db.CurrentXid;
        ulong end = db.InsertCommit(sequence);
        onCommitRecord?.Invoke(sequence);
        await group.WaitDurable(end);
        db.EndCommitted(xid);
        // Only now, as PostgreSQL releases its locks after the commit record is flushed.
        locks.ReleaseAll(xid);
    }
}
