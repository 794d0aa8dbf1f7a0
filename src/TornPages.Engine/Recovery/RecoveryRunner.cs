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
/// Crash recovery, in two steps around the building of the <see cref="Database"/>: <see cref="Replay"/>
/// runs the strategy's prologue and replays the WAL from the redo point of the last checkpoint to
/// the end of valid WAL, through the <see cref="PageLayer"/> alone, and so finds where the WAL
/// continues; <see cref="RollBack"/> then cleans up the transactions that never committed, logging
/// through the new database's logger. The caller ends with a checkpoint when the report is clean. A
/// page that fails its checksum when replay reads it is repaired by a full-page image later in the
/// WAL, by the strategy's replay rule, or (when the image cycle began before the redo point:
/// fpw-super:K) by selective replay: its last image in the WAL kept since the cycle began, then that
/// WAL's records for it up to the redo point. Pages the prologue found a double-write copy of from
/// such a cycle (dwb-large:K) are brought forward through that WAL first. One that none of these repaired is reported as
/// unrecoverable; recovery then stops before the checkpoint so that the damage stays visible on disk.
/// </summary>
internal sealed class RecoveryRunner(PageLayer pages, ControlData control, WalSegments segments)
{
    private readonly HashSet<PageId> _torn = [];
    // Torn pages selective replay has been tried on (once each: it scans the kept WAL).
    private readonly HashSet<PageId> _repairTried = [];
    private Dictionary<PageId, List<(ulong Start, int Block)>>? _keptWalIndex;
    // Compressed images (fpw:lz4, fpw:zstd) are decompressed here before the hole goes back.
    private readonly ImageCodec _codec = new(ImageCompression.None);
    private readonly byte[] _scratch = new byte[DatabaseOptions.MaxPageSize];
    private readonly Dictionary<uint, HashSet<PageId>> _uncommitted = [];
    private readonly Stopwatch _clock = new();
    private uint _maxXid;

    public RecoveryReport Report { get; } = new() { RedoLsn = control.RedoLsn };

    /// <summary>The redo point: the first change a torn page may need, and where the cycle of page images continues.</summary>
    public ulong RedoLsn => control.RedoLsn;

    /// <summary>The first transaction id after every one the control file or the WAL has seen.</summary>
    public uint NextXid => Math.Max(control.NextXid, _maxXid + 1);

    /// <summary>The prologue and the replay; returns the WAL writer that continues after the last valid record.</summary>
    public WalWriter Replay()
    {
        _clock.Start();
        var prologue = new RecoveryPrologueContext(control);
        pages.WritePath.RecoveryPrologue(prologue);
        Report.PagesRestoredByPrologue = prologue.PagesRestored;

        // Replay will write pages whose LSNs point into the WAL it reads; make that WAL durable first
        // (after a process kill, without a machine crash, it may still sit in the OS page cache).
        for (ulong s = WalLayout.Segment(control.RedoLsn); segments.TryOpen(s) is { } f; s++) f.Sync();

        pages.Pool.OnTornRead = (rel, block) =>
        {
            if (_torn.Add(new PageId(rel, block))) Report.TornPagesFound++;
        };
        CatchUpFromKeptWal(prologue.CopiedPages);
        var reader = new WalReader(segments, control.RedoLsn);
        bool sawCheckpoint = false;
        while (reader.TryReadNext())
        {
            var rec = reader.Record;
            Report.Records++;
            if (rec.Start == control.CheckpointLsn)
                // The record the control file names must be that checkpoint's own: same type, same redo point.
                sawCheckpoint = rec.Type == RecordType.Checkpoint && rec.TryReadMain(out CheckpointData c) && c.RedoLsn == control.RedoLsn;
            Track(rec);
            for (int i = 0; i < rec.BlockCount; i++) Redo(rec, i);
        }
        ulong stop = Math.Max(reader.EndOfValid, control.RedoLsn);
        if (WalReader.DurableBeyond(segments, stop) is var (page, durable))
            throw new RecoveryException($"{WalLayout.SegmentName(WalLayout.Segment(stop))} offset 0x{WalLayout.OffsetInSegment(stop):X}: the WAL stops at LSN {stop:X} " +
                                        $"(the next record fails its checks), but page {page:X} was written when WAL up to {durable:X} was durable: durable WAL is damaged");
        if (!sawCheckpoint)
            throw new RecoveryException($"the WAL ends before the checkpoint record at {control.CheckpointLsn:X} that the control file names");
        Report.EndLsn = reader.EndOfValid;
        pages.Pool.OnTornRead = (rel, block) => throw new TornPageException(rel, block);
        foreach (var t in _torn) Report.UnrecoverablePages.Add((t.Rel, t.Block));
        Report.UnrecoverablePages.Sort();
        return new WalWriter(segments, (ushort)(control.Epoch + 1), reader.EndOfValid, reader.LastStart, reader.PageHolding(reader.EndOfValid), pages.Options.WalFlushAlign, pages.Options.WalBufferPages);
    }

    /// <summary>The transactions the WAL shows without a commit are rolled back, logged through <paramref name="logger"/> (nothing when replay left damage).</summary>
    public void RollBack(PageLogger logger)
    {
        if (Report.Clean)
            foreach (var (xid, blocks) in _uncommitted.OrderBy(kv => kv.Key))
            {
                AbortCleanup(logger, xid, blocks);
                Report.AbortedXids.Add(xid);
            }
    }

    /// <summary>Recovery is over (the end-of-recovery checkpoint included): its time, from the start of <see cref="Replay"/>, goes into the report.</summary>
    public RecoveryReport Finish()
    {
        Report.Duration = _clock.Elapsed;
        return Report;
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
        if (rec.Type is RecordType.HeapInsert or RecordType.HeapUpdate or RecordType.HeapHotUpdate or RecordType.HeapLock)
            for (int i = 0; i < rec.BlockCount; i++)
                blocks.Add(new PageId(rec.Block(i).Header.Rel, rec.Block(i).Header.Block));
    }

    private void Redo(DecodedRecord rec, int i)
    {
        ref readonly var b = ref rec.Block(i);
        byte rel = b.Header.Rel;
        uint block = b.Header.Block;
        var tag = new PageId(rel, block);
        pages.Store.NoteBlock(rel, block);
        var pool = pages.Pool;
        int frame = b.WillInit ? pool.PinNew(rel, block) : pool.Pin(rel, block);
        try
        {
            var page = pool.Page(frame);
            if (!b.HasImage && !b.WillInit && _torn.Contains(tag) && _repairTried.Add(tag) && RepairFromKeptWal(tag, page))
            {
                _torn.Remove(tag);
                Report.PagesRepairedFromKeptWal++;
            }
            if (b.HasImage)
            {
                FullPageImage.Restore(rec.Image(i), b.Header, page, _codec, _scratch);
                _torn.Remove(tag);
                Report.ImagesRestored++;
            }
            else if (b.WillInit || pages.Strategy.ReplayFor(pages.Catalog[rel].Kind) == ReplayRule.Always || PageHeader.Of(page).Lsn < rec.End)
            {
                try
                {
                    PageOps.Apply(rec.Ops(i), page, new OpContext(rec.Xid));
                }
                catch (Exception e) when (_torn.Contains(tag) && e is CorruptRecordException or ArgumentException or IndexOutOfRangeException)
                {
                    // A torn page can hold any bytes (a write torn inside a sector mixes offsets), so
                    // any op may find it impossible; the page is reported below.
                    return;
                }
                catch (CorruptRecordException e)
                {
                    // The page passed its checksum (an all-zero page does) yet does not hold what the
                    // record was logged against: the data file or the WAL is damaged, not torn by a crash.
                    var r = pages.Catalog[rel];
                    throw new RecoveryException($"{r.FileName} block {block} (offset {(long)block * pages.Options.PageSize}): the WAL record at " +
                                                $"{rec.Start:X} ({RecordTypes.Name(rec.Type)}) does not apply to it ({e.Message}): the database is damaged");
                }
                // Replaying every record regardless of LSN rebuilds a torn page only because each record
                // sets absolute bytes; the strategy that asks for it guarantees that for this kind of page.
                if (b.WillInit || pages.Strategy.ReplayFor(pages.Catalog[rel].Kind) == ReplayRule.Always) _torn.Remove(tag);
                Report.RecordsApplied++;
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
    /// Pages with a copy made earlier in a cycle that began before the redo point (dwb-large:K),
    /// which the page in place may be (restored now, or by a recovery that crashed): their records
    /// between the cycle's start and the redo point, applied as redo applies them (only where the
    /// page is older than the record), so that replay from the redo point finds them where it
    /// expects. Nothing to do when the cycle began at the redo point.
    /// </summary>
    private void CatchUpFromKeptWal(HashSet<PageId> restored)
    {
        if (restored.Count == 0) return;
        foreach (var (rec, i) in KeptWalBlocks(restored.Contains)) Redo(rec, i);
    }

    /// <summary>
    /// The block references of the WAL kept between the image cycle's start and the redo point
    /// whose page <paramref name="wanted"/> accepts, in WAL order; none when selective replay is off
    /// or the cycle began at the redo point.
    /// </summary>
    private IEnumerable<(DecodedRecord Record, int Block)> KeptWalBlocks(Func<PageId, bool> wanted)
    {
        if (!pages.Options.SelectiveReplay || control.ImageCycleLsn >= control.RedoLsn) yield break;
        var reader = new WalReader(segments, control.ImageCycleLsn);
        while (reader.TryReadNext() && reader.Record.Start < control.RedoLsn)
        {
            var rec = reader.Record;
            for (int i = 0; i < rec.BlockCount; i++)
                if (wanted(new PageId(rec.Block(i).Header.Rel, rec.Block(i).Header.Block))) yield return (rec, i);
        }
    }

    /// <summary>
    /// Selective replay (seed 003): rebuilds torn page <paramref name="tag"/> from the WAL kept between
    /// the image cycle's start and the redo point: its last image there (or the record that
    /// initialised it), then every later record there that changes it, as redo would have applied
    /// them. False when that WAL holds no image of it (it was not changed in the cycle before the
    /// redo point) or selective replay is off.
    /// </summary>
    private bool RepairFromKeptWal(PageId tag, Span<byte> page)
    {
        if (!KeptWalIndex().TryGetValue(tag, out var refs)) return false;
        var rebuilt = new byte[page.Length];
        var reader = new WalReader(segments, refs[0].Start);
        foreach (var (start, i) in refs)
        {
            // Each was read whole and valid when the index was built.
            reader.Seek(start);
            if (!reader.TryReadNext()) throw new RecoveryException($"the kept WAL record at {start:X} no longer reads back");
            Report.KeptWalBlocksRead++;
            var rec = reader.Record;
            ref readonly var b = ref rec.Block(i);
            if (b.HasImage) FullPageImage.Restore(rec.Image(i), b.Header, rebuilt, _codec, _scratch);
            else if (b.WillInit || PageHeader.Of(rebuilt).Lsn < rec.End) PageOps.Apply(rec.Ops(i), rebuilt, new OpContext(rec.Xid));
            else continue;
            PageHeader.Of(rebuilt.AsSpan()).Lsn = rec.End;
        }
        rebuilt.CopyTo(page);
        return true;
    }

    /// <summary>
    /// For each page the kept WAL can rebuild, where its rebuild reads: the block reference of its
    /// last image (or initialisation) there and of every later record that changes it, in WAL order.
    /// Built in one pass when the first torn page needs it, so repairing many torn pages reads the
    /// kept WAL once, plus each page's own records.
    /// </summary>
    private Dictionary<PageId, List<(ulong Start, int Block)>> KeptWalIndex()
    {
        if (_keptWalIndex != null) return _keptWalIndex;
        _keptWalIndex = [];
        foreach (var (rec, i) in KeptWalBlocks(static _ => true))
        {
            Report.KeptWalBlocksRead++;
            ref readonly var b = ref rec.Block(i);
            var id = new PageId(b.Header.Rel, b.Header.Block);
            if (b.HasImage || b.WillInit)
            {
                // A new base: what came before it is not needed.
                if (_keptWalIndex.TryGetValue(id, out var old)) old.Clear();
                else _keptWalIndex[id] = old = [];
                old.Add((rec.Start, i));
            }
            else if (_keptWalIndex.TryGetValue(id, out var refs)) refs.Add((rec.Start, i));
        }
        return _keptWalIndex;
    }

    /// <summary>
    /// A transaction that never committed: the versions it created die (dead line pointers, or unused
    /// for heap-only versions no index points at) and the versions it replaced become live again.
    /// Logged like any change, so a crash during recovery repeats it harmlessly.
    /// </summary>
    private void AbortCleanup(PageLogger logger, uint xid, HashSet<PageId> blocks)
    {
        var pool = pages.Pool;
        foreach (var (rel, block) in blocks.Order())
        {
            int frame = pool.Pin(rel, block);
            try
            {
                var page = pool.Page(frame);
                var rec = logger.Builder.Begin(RecordType.HeapAbort, 0);
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
                        (ops ??= rec.AddBlock(rel, block, frame, false)).Stamp(lp.Offset, 0, block, k, t.Infomask & ~(HeapInfo.HotUpdated | HeapInfo.XmaxLockOnly));
                }
                if (ops != null) logger.Log(rec);
            }
            finally
            {
                pool.Unpin(frame);
            }
        }
    }
}
