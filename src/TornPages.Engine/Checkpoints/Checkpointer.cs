using TornPages.Engine.Pages;
using TornPages.Engine.Scheduling;
using TornPages.Engine.Wal;
using TornPages.Storage;

namespace TornPages.Engine.Checkpoints;

/// <summary>
/// Checkpoints, as PostgreSQL's checkpointer takes them: when the <see cref="Policy"/> says one is
/// due, immediate (every dirty page written at once) or spread over the interval; the redo point
/// first, the control file last. Order matters: the redo point is fixed first; every dirty page is
/// written and the data files synced; only then is the checkpoint record written and the control
/// file pointed at it, so recovery starting at the redo point never needs a change older than it.
/// </summary>
/// <param name="nextXid">The database's next transaction id, recorded in the checkpoint and the control file.</param>
public sealed class Checkpointer(PageLayer pages, WalWriter wal, WalSegments segments, PageLogger logger, ControlFile control,
    Func<uint> nextXid, Func<IReadOnlyList<uint>> runningXids)
{
    private int _txnsSince;
    private long _walAtStart = wal.Stats.Bytes;
    private double _timeAtStart;
    private Func<double> _clock = static () => 0;
    private SpreadCheckpoint? _spread;
    // The current cycle of page images: where it started, and how many checkpoints have begun in it.
    private ulong _cycleStart;
    private int _inCycle;
    private ulong _retainedFrom;

    public CheckpointPolicy Policy { get; set; } = new();

    /// <summary>Checkpoints completed.</summary>
    public int Completed { get; private set; }

    /// <summary>
    /// WAL kept for recovery, summed over the checkpoints completed: at each end, the bytes from the
    /// oldest WAL still kept (the previous image cycle's start: the redo point, except under
    /// fpw-super:K and dwb-large:K) to the insert position, just before the checkpoint lets go of what it no longer needs.
    /// Divided by <see cref="Completed"/> over a run: the WAL a strategy keeps on disk.
    /// </summary>
    public long KeptWalBytesSum { get; private set; }

    /// <summary>
    /// The strategy's own files' bytes recovery still needs (<see cref="Strategies.IPageWritePath.HeldBytes"/>),
    /// summed over the checkpoints completed, taken as <see cref="KeptWalBytesSum"/> is: just before
    /// the checkpoint lets its cycle go. dwb-large:K holds up to K intervals' first write-outs.
    /// </summary>
    public long HeldBytesSum { get; private set; }

    /// <summary>A spread checkpoint has started and not yet ended.</summary>
    public bool InProgress => _spread != null;

    /// <summary>The clock a time-triggered checkpoint (<see cref="CheckpointPolicy.EverySeconds"/>) follows; the interval counts from when it is given.</summary>
    public Func<double> Clock
    {
        get => _clock;
        set
        {
            _clock = value;
            _timeAtStart = value();
        }
    }

    public void TransactionFinished() => _txnsSince++;

    /// <summary>
    /// Takes a checkpoint when the <see cref="Policy"/> says one is due, or advances the one
    /// in progress: call after each commit, with no transaction on the engine. Returns true when a
    /// checkpoint completed. With <paramref name="io"/>, a spread checkpoint's data sync (the bulk of
    /// its pages) runs as device work the engine does not wait for, and the checkpoint ends at the
    /// first call after it is done.
    /// </summary>
    public bool Maybe(Scheduler? io = null)
    {
        using var cause = IoCauses.Enter(IoCause.Checkpoint);
        if (_spread == null)
        {
            if (!Policy.IsDue(_txnsSince, wal.Stats.Bytes - _walAtStart, _clock() - _timeAtStart)) return false;
            if (Policy.CompletionTarget <= 0)
            {
                Now();
                return true;
            }
            _spread = new SpreadCheckpoint(Begin(), pages.Pool.DirtyPages());
        }
        if (_spread.Syncing) return false;
        if (!_spread.Synced)
        {
            // Pages due by now: the share of the list that the passed share of the interval, over the
            // completion target, calls for (PostgreSQL's IsCheckpointOnSchedule, with transactions and WAL as its clocks).
            double elapsed = Policy.Elapsed(_txnsSince, wal.Stats.Bytes - _walAtStart, _clock() - _timeAtStart);
            int due = (int)Math.Min(_spread.Pages.Length, Math.Ceiling(_spread.Pages.Length * elapsed / Policy.CompletionTarget));
            for (; _spread.Next < due; _spread.Next++) pages.Pool.WriteIfDirty(_spread.Pages[_spread.Next]);
            // A write path that batches (the double-write buffers) fills its batches across rounds, as
            // InnoDB's page cleaner does; reads find pages still in a batch, and the list's end flushes it.
            if (_spread.Next < _spread.Pages.Length) return false;
            pages.WritePath.Flush();
            if (io != null)
            {
                // The data files' sync off the engine thread, as the checkpointer's fsyncs leave backends
                // running. Pages written meanwhile are not covered: End syncs again, briefly,
                // so that every page written before the checkpoint record is durable (the strategies'
                // cycles and maps rest on it).
                var spread = _spread;
                spread.Syncing = true;
                io.StartIo(pages.Store.SyncAll, () => (spread.Syncing, spread.Synced) = (false, true));
                return false;
            }
        }
        var redo = _spread.Redo;
        _spread = null;
        End(redo);
        return true;
    }

    /// <summary>A spread checkpoint between its start and its end: its redo point, the pages it writes in order, and where its data sync is.</summary>
    private sealed class SpreadCheckpoint(ulong redo, PageId[] pages)
    {
        public ulong Redo { get; } = redo;
        public PageId[] Pages { get; } = pages;
        public int Next;
        public bool Syncing;
        public bool Synced;
    }

    /// <summary>An immediate checkpoint (it supersedes a spread one in progress): every dirty page written, then the checkpoint ends.</summary>
    public void Now()
    {
        using var cause = IoCauses.Enter(IoCause.Checkpoint);
        _spread = null;
        ulong redo = Begin();
        pages.Pool.WriteAllDirty();
        End(redo);
    }

    /// <summary>
    /// The start of a checkpoint: the redo point is the WAL insert position, and a new cycle of page
    /// images starts there. From here on the first change to a page is logged with its image (the
    /// page may be written, torn, before the checkpoint ends, and recovery from this redo point must
    /// repair it), as PostgreSQL moves RedoRecPtr when a checkpoint begins.
    /// </summary>
    private ulong Begin()
    {
        ulong redo = wal.InsertLsn;
        wal.Flush(redo);
        // A new cycle of images (or double-write copies) every K checkpoints (K = 1 but for fpw-super:K
        // and dwb-large:K). Until this checkpoint ends, recovery starts from the previous one, and
        // what is logged from here on is in its range.
        if (_inCycle == 0 || _inCycle >= pages.Strategy.CheckpointsPerImageCycle)
        {
            logger.StartCycle(redo);
            _cycleStart = redo;
            _inCycle = 0;
        }
        _inCycle++;
        _txnsSince = 0;
        _walAtStart = wal.Stats.Bytes;
        _timeAtStart = _clock();
        return redo;
    }

    /// <summary>
    /// The transactions running now, logged as CreateCheckPoint logs them (LogStandbySnapshot, at
    /// wal_level replica, PostgreSQL's default) just before the checkpoint record. Recovery reads
    /// nothing from it; it is there because PostgreSQL's WAL has it.
    /// </summary>
    private void LogRunningXacts()
    {
        var running = runningXids();
        uint next = nextXid();
        var rec = logger.Builder.Begin(RecordType.RunningXacts, 0);
        var main = rec.MainBuffer(RunningXactsData.Size + sizeof(uint) * running.Count);
        System.Runtime.InteropServices.MemoryMarshal.Write(main, new RunningXactsData
        {
            Xcnt = (uint)running.Count, NextXid = next,
            OldestRunningXid = running.Count > 0 ? running[0] : next, LatestCompletedXid = next - 1,
        });
        for (int i = 0; i < running.Count; i++)
            System.Runtime.InteropServices.MemoryMarshal.Write(main[(RunningXactsData.Size + sizeof(uint) * i)..], running[i]);
        logger.Log(rec);
    }

    /// <summary>
    /// The end of a checkpoint: the pages written since its start made durable, the strategy's own
    /// state, the checkpoint record, then the control file naming it; only then does the strategy's
    /// new cycle start and WAL before the redo point become recyclable.
    /// </summary>
    private void End(ulong redo)
    {
        pages.WritePath.Flush();
        pages.WritePath.SyncData();

        LogRunningXacts();
        var rec = logger.Builder.Begin(RecordType.Checkpoint, 0);
        rec.SetMain(new CheckpointData { RedoLsn = redo, NextXid = nextXid() });
        // Logged like every record, so wal_record_bytes counts it (it has no blocks: nothing else changes).
        ulong end = logger.Log(rec, out ulong start);
        wal.Flush(end);

        var c = control.Current;
        c.CheckpointLsn = start;
        c.RedoLsn = redo;
        c.NextXid = nextXid();
        c.Epoch = wal.Epoch;
        c.PageSize = (ushort)pages.Options.PageSize;
        c.Strategy = pages.Strategy.Name;
        c.ImageCycleLsn = _cycleStart;
        c.CheckpointsInCycle = (uint)_inCycle;
        // Synced above, so durable at these lengths: recovery refuses a file found shorter.
        c.RecordedFiles = (uint)Math.Min(pages.Catalog.Count, ControlData.MaxRecordedFiles);
        for (int r = 0; r < c.RecordedFiles; r++) c.SetFileBlocks(r, (uint)(pages.Store.File((byte)r).Length / pages.Options.PageSize));
        pages.WritePath.BeforeControlUpdate(ref c);
        control.Write(c);

        HeldBytesSum += pages.WritePath.HeldBytes;
        pages.WritePath.AfterControlDurable();
        KeptWalBytesSum += (long)(wal.InsertLsn - _retainedFrom);
        // WAL before the image cycle's start is no longer needed: recovery starts at the redo point,
        // and repairs a torn page from its last image, which is at or after the cycle's start.
        _retainedFrom = _cycleStart;
        segments.Recycle(_cycleStart);
        Completed++;
    }
}
