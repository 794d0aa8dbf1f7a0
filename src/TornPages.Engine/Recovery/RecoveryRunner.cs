using System.Diagnostics;
using TornPages.Engine.Buffers;
using TornPages.Engine.Checkpoints;
using TornPages.Engine.Files;
using TornPages.Engine.Heap;
using TornPages.Engine.Pages;
using TornPages.Engine.Strategies;
using TornPages.Engine.Wal;

namespace TornPages.Engine.Recovery;

/// <summary>
/// Crash recovery: the strategy's prologue, then replay of the WAL from the redo point of the last
/// checkpoint to the end of valid WAL, then the cleanup of transactions that never committed, then
/// an end-of-recovery checkpoint. A page that fails its checksum when replay reads it and that no
/// full-page image (or the strategy's replay rule) repaired is reported as unrecoverable; recovery
/// then stops before the checkpoint so that the damage stays visible on disk.
/// </summary>
internal sealed class RecoveryRunner(Database db, ControlData control)
{
    private readonly HashSet<long> _torn = [];
    private readonly Dictionary<uint, HashSet<long>> _uncommitted = [];
    private uint _maxXid;

    public void Run()
    {
        var sw = Stopwatch.StartNew();
        var report = new RecoveryReport { RedoLsn = control.RedoLsn };
        var prologue = new RecoveryPrologueContext(control);
        db.WritePath.RecoveryPrologue(prologue);
        report.PagesRestoredByPrologue = prologue.PagesRestored;

        var segments = new WalSegments(db.Device);
        // Replay will write pages whose LSNs point into the WAL it reads; make that WAL durable first
        // (after a process kill, without a machine crash, it may still sit in the OS page cache).
        for (ulong s = WalLayout.Segment(control.RedoLsn); segments.TryOpen(s) is { } f; s++) f.Sync();

        db.Pool.OnTornRead = (rel, block) => _torn.Add(BufferPool.Tag(rel, block));
        var reader = new WalReader(segments, control.RedoLsn);
        bool sawCheckpoint = false;
        while (reader.TryReadNext())
        {
            var rec = reader.Record;
            report.Records++;
            if (rec.Start == control.CheckpointLsn && rec.Type == RecordType.Checkpoint) sawCheckpoint = true;
            Track(rec);
            for (int i = 0; i < rec.BlockCount; i++) Redo(rec, i, report);
        }
        if (!sawCheckpoint)
            throw new RecoveryException($"the WAL ends before the checkpoint record at {control.CheckpointLsn:X} that the control file names");
        report.EndLsn = reader.EndOfValid;

        var wal = new WalWriter(segments, (ushort)(control.Epoch + 1), reader.EndOfValid, reader.LastStart, reader.PageHolding(reader.EndOfValid));
        db.Attach(segments, wal, Math.Max(control.NextXid, _maxXid + 1), control.RedoLsn);
        db.Pool.OnTornRead = (rel, block) => throw new TornPageException(rel, block);

        foreach (var t in _torn) report.UnrecoverablePages.Add(((byte)(t >> 32), (uint)t));
        report.UnrecoverablePages.Sort();
        if (report.Clean)
        {
            foreach (var (xid, blocks) in _uncommitted.OrderBy(kv => kv.Key))
            {
                AbortCleanup(xid, blocks);
                report.AbortedXids.Add(xid);
            }
            db.Checkpoint();
        }
        report.Duration = sw.Elapsed;
        db.SetRecovery(report);
    }

    private void Track(DecodedRecord rec)
    {
        if (rec.Xid == 0) return;
        if (rec.Xid > _maxXid) _maxXid = rec.Xid;
        if (rec.Type == RecordType.Commit)
        {
            _uncommitted.Remove(rec.Xid);
            return;
        }
        if (!_uncommitted.TryGetValue(rec.Xid, out var blocks)) _uncommitted[rec.Xid] = blocks = [];
        if (rec.Type is RecordType.HeapInsert or RecordType.HeapUpdate or RecordType.HeapHotUpdate)
            for (int i = 0; i < rec.BlockCount; i++)
                blocks.Add(BufferPool.Tag(rec.Block(i).Header.Rel, rec.Block(i).Header.Block));
    }

    private void Redo(DecodedRecord rec, int i, RecoveryReport report)
    {
        ref readonly var b = ref rec.Block(i);
        byte rel = b.Header.Rel;
        uint block = b.Header.Block;
        long tag = BufferPool.Tag(rel, block);
        db.Store.NoteBlock(rel, block);
        var pool = db.Pool;
        int frame = b.WillInit ? pool.PinNew(rel, block) : pool.Pin(rel, block);
        try
        {
            var page = pool.Page(frame);
            if (b.HasImage)
            {
                FullPageImage.Restore(rec.Image(i), b.Header.HoleOffset, page);
                _torn.Remove(tag);
                report.ImagesRestored++;
            }
            else if (b.WillInit || db.Strategy.ReplayFor(db.Catalog[rel].Kind) == ReplayRule.Always || PageHeader.Of(page).Lsn < rec.End)
            {
                try
                {
                    PageOps.Apply(rec.Ops(i), page);
                }
                catch (CorruptRecordException) when (_torn.Contains(tag))
                {
                    // A torn page can make a layout-changing op impossible; the page is reported below.
                    return;
                }
                // Replaying every record regardless of LSN rebuilds a torn page only because each record
                // sets absolute bytes; the strategy that asks for it guarantees that for this kind of page.
                if (b.WillInit || db.Strategy.ReplayFor(db.Catalog[rel].Kind) == ReplayRule.Always) _torn.Remove(tag);
                report.RecordsApplied++;
            }
            else return;
            PageHeader.Of(page).Lsn = rec.End;
            pool.MarkDirty(frame);
        }
        finally
        {
            pool.Unpin(frame);
        }
    }

    /// <summary>
    /// A transaction that never committed: the versions it created die (dead line pointers, or unused
    /// for heap-only versions no index points at) and the versions it replaced become live again.
    /// Logged like any change, so a crash during recovery repeats it harmlessly.
    /// </summary>
    private void AbortCleanup(uint xid, HashSet<long> blocks)
    {
        var pool = db.Pool;
        foreach (long tag in blocks.Order())
        {
            byte rel = (byte)(tag >> 32);
            uint block = (uint)tag;
            int frame = pool.Pin(rel, block);
            try
            {
                var page = pool.Page(frame);
                var rec = db.Logger.Builder.Begin(RecordType.HeapAbort, 0);
                PageOpWriter? ops = null;
                int n = LinePointer.Count(page);
                for (int k = 0; k < n; k++)
                {
                    var lp = LinePointer.Get(page, k);
                    if (lp.State != LpState.Normal) continue;
                    ref readonly var t = ref HeapTupleHeader.At(page, lp.Offset);
                    if (t.Xmin == xid)
                        (ops ??= rec.AddBlock(rel, block, frame, false)).SetLp(k, (t.Infomask & HeapInfo.HeapOnly) != 0 ? LpState.Unused : LpState.Dead);
                    else if (t.Xmax == xid)
                        (ops ??= rec.AddBlock(rel, block, frame, false)).Stamp(lp.Offset, 0, block, k, t.Infomask & ~HeapInfo.HotUpdated);
                }
                if (ops != null) db.Logger.Log(rec);
            }
            finally
            {
                pool.Unpin(frame);
            }
        }
    }
}
