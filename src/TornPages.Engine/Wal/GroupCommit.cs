using TornPages.Engine.Scheduling;
using TornPages.Storage;

namespace TornPages.Engine.Wal;

/// <summary>
/// Group commit, as XLogFlush does it: a commit waits for WAL to be durable up to its record; one
/// flush at a time, covering everything inserted when it starts, acknowledges every commit it
/// covers; commits that arrive while it is in flight wait for the next, which starts when it ends.
/// </summary>
public sealed class GroupCommit(WalWriter wal, Scheduler scheduler)
{
    private readonly List<(ulong Lsn, TaskCompletionSource Durable)> _waiting = [];
    private bool _inFlight;

    /// <summary>Group flushes completed, and the commits they acknowledged.</summary>
    public long Flushes { get; private set; }
    public long CommitsAcknowledged { get; private set; }

    /// <summary>Completes when WAL is durable up to <paramref name="lsn"/>.</summary>
    public ValueTask WaitDurable(ulong lsn)
    {
        if (lsn <= wal.FlushedLsn)
        {
            CommitsAcknowledged++;
            return ValueTask.CompletedTask;
        }
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Add((lsn, durable));
        if (!_inFlight) Start();
        return new ValueTask(durable.Task);
    }

    private void Start()
    {
        _inFlight = true;
        using var cause = IoCauses.Enter(IoCause.Commit);
        var files = wal.BeginFlush(out ulong target);
        scheduler.StartIo(() =>
        {
            foreach (var f in files) f.Sync();
        }, () => Completed(target));
    }

    private void Completed(ulong target)
    {
        wal.EndFlush(target);
        _inFlight = false;
        Flushes++;
        // A synchronous flush (a page write-out's WAL rule, a checkpoint) may have gone further.
        ulong durable = wal.FlushedLsn;
        int kept = 0;
        for (int i = 0; i < _waiting.Count; i++)
        {
            var w = _waiting[i];
            if (w.Lsn > durable)
            {
                _waiting[kept++] = w;
                continue;
            }
            // In the order they asked: the clients resume in commit order.
            CommitsAcknowledged++;
            w.Durable.SetResult();
        }
        _waiting.RemoveRange(kept, _waiting.Count - kept);
        if (_waiting.Count > 0) Start();
    }
}
