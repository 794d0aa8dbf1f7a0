namespace TornPages.Engine.Scheduling;

/// <summary>
/// Row locks as PostgreSQL holds them: an UPDATE locks its row until its transaction's commit is
/// durable; a later transaction updating the row waits, first come first served. Transactions lock
/// their rows in one order (pgbench: account, teller, branch), so waits never form a cycle.
/// </summary>
public sealed class RowLocks(Scheduler scheduler)
{
    private sealed class Entry(uint holder)
    {
        public uint Holder = holder;
        public readonly Queue<(uint Xid, TaskCompletionSource Granted, double Since)> Waiters = new();
    }

    private readonly Dictionary<long, Entry> _locks = [];
    private readonly Dictionary<uint, List<long>> _held = [];
    // Every transaction takes a few locks and lets them go: their entries and lists are reused.
    private readonly Stack<Entry> _freeEntries = new();
    private readonly Stack<List<long>> _freeLists = new();

    /// <summary>Waits that were needed, and their total time on the scheduler's clock.</summary>
    public long Waits { get; private set; }
    public double WaitSeconds { get; private set; }

    private static long Key(byte rel, int key) => ((long)rel << 32) | (uint)key;

    /// <summary>Completes when <paramref name="xid"/> holds the row: at once when it is free or already its own.</summary>
    public ValueTask Acquire(byte rel, int key, uint xid)
    {
        long k = Key(rel, key);
        if (!_locks.TryGetValue(k, out var e))
        {
            if (_freeEntries.TryPop(out var free)) free.Holder = xid;
            _locks[k] = free ?? new Entry(xid);
            Note(xid, k);
            return ValueTask.CompletedTask;
        }
        if (e.Holder == xid) return ValueTask.CompletedTask;
        var granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        e.Waiters.Enqueue((xid, granted, scheduler.Now));
        Waits++;
        return new ValueTask(granted.Task);
    }

    /// <summary>Releases every row <paramref name="xid"/> holds (its commit is durable), each to its first waiter.</summary>
    public void ReleaseAll(uint xid)
    {
        if (!_held.Remove(xid, out var rows)) return;
        foreach (long k in rows)
        {
            var e = _locks[k];
            if (e.Waiters.TryDequeue(out var next))
            {
                e.Holder = next.Xid;
                Note(next.Xid, k);
                WaitSeconds += scheduler.Now - next.Since;
                next.Granted.SetResult();
            }
            else
            {
                _locks.Remove(k);
                _freeEntries.Push(e);
            }
        }
        rows.Clear();
        _freeLists.Push(rows);
    }

    private void Note(uint xid, long k)
    {
        if (!_held.TryGetValue(xid, out var rows)) _held[xid] = rows = _freeLists.TryPop(out var free) ? free : [];
        rows.Add(k);
    }
}
