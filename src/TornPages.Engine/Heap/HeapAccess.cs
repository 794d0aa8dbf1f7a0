using System.Buffers.Binary;
using System.Numerics;
using TornPages.Engine.Buffers;
using TornPages.Engine.Files;
using TornPages.Engine.Pages;
using TornPages.Engine.Wal;

namespace TornPages.Engine.Heap;

/// <summary>
/// Heap tables: insert, MVCC-like update (HOT when the new version fits the same page, after
/// pruning it if needed; non-HOT otherwise), pruning, and reading the live version of a row.
/// A version is live while its xmax is zero (row locks let one transaction at a time replace a row),
/// and dead once the transaction that set its xmax is below the horizon (every transaction below it
/// has finished).
/// </summary>
/// <param name="absolutePlacement">
/// Log new versions and replaced versions as absolute bytes at absolute offsets (PutItem, Stamp):
/// what a strategy that replays heap records onto any page state needs. Otherwise they are logged
/// as PostgreSQL logs them (AddTuple, AddTupleDelta, StampTuple: header rebuilt, placed as
/// PageAddItem does, an update on the same page as the bytes that changed).
/// </param>
public sealed class HeapAccess(BufferPool pool, PageStore store, PageLogger logger, FreeSpaceMap fsm, bool absolutePlacement)
{
    private readonly byte[] _tuple = new byte[DatabaseOptions.MaxPageSize];
    private int[] _chain = new int[512];
    private bool[] _seen = new bool[512];
    private bool[] _chainStamped = new bool[512];
    private readonly PruneHints _hints = new(pool.Frames);
    private readonly ChainHints _chains = new(pool.Frames);

    /// <summary>Prune reads only the chains its hint names (<see cref="PruneHints"/>); off: every line pointer, as PostgreSQL. The records and pages are the same.</summary>
    internal bool UsePruneHints { get; set; } = true;

    /// <summary>Reads go straight to the live version a hint names (<see cref="ChainHints"/>); off: every read walks the chain from its root, as PostgreSQL. The versions found are the same.</summary>
    internal bool UseChainHints { get; set; } = true;

    /// <summary>Reads of a row's live version that a chain hint answered without walking the chain.</summary>
    internal long ReadsFromChainHints { get; private set; }

    /// <summary>Prunes (done or found with nothing to do) that read only the chains a hint named.</summary>
    internal long PrunesFromHints { get; private set; }

    /// <summary>Heap pages (as buffer tags) holding versions that updates made dead: vacuum's work list.</summary>
    public PageSet PagesWithDeadVersions { get; } = new();

    /// <summary>
    /// The row key (the payload's first int4, which a primary key indexes) of each line pointer that
    /// pruning made dead, by <see cref="Tid.Key"/>, until vacuum marks it unused. Pruning removes the
    /// tuple, so this is the only place the key survives; with it vacuum finds the index entries
    /// that point at a dead line pointer by descending to them, instead of reading every leaf.
    /// In memory only: after a restart vacuum falls back to reading the leaves.
    /// </summary>
    public Dictionary<long, int> DeadRootKeys { get; } = [];

    /// <summary>Live and dead versions per relation: what autovacuum's thresholds read.</summary>
    public TupleCounts Tuples { get; } = new();

    public long HotUpdates { get; private set; }
    public long NonHotUpdates { get; private set; }
    public long Prunes { get; private set; }

    /// <summary>PostgreSQL's minfree in heap_page_prune_opt: Max(RelationGetTargetPageFreeSpace, BLCKSZ / 10).</summary>
    private int MinFreeBeforePruning(byte rel, int pageSize) => Math.Max(pageSize * (100 - store.Catalog[rel].FillFactor) / 100, pageSize / 10);

    /// <summary>Inserts a new row version; returns its tid.</summary>
    public Tid Insert(byte rel, ReadOnlySpan<byte> payload, uint xid)
    {
        int len = BuildTuple(payload, xid, HeapInfo.None);
        var rec = logger.Builder.Begin(RecordType.HeapInsert, xid);
        int frame = PinPageWithRoom(rel, len, uint.MaxValue, rec, out uint block, out var ops);
        try
        {
            ushort item = Put(frame, ops, len);
            ulong before = LsnOf(frame);
            logger.Log(rec);
            _hints.Advance(frame, new PageId(rel, block), before, LsnOf(frame));
            NoteFree(rel, block, frame);
            Tuples.Inserted(rel);
            return new Tid(block, item);
        }
        finally
        {
            pool.Unpin(frame);
        }
    }

    /// <summary>
    /// Writes a new version of the row at <paramref name="old"/> (which must be live). Returns the new
    /// version's tid; <paramref name="hot"/> tells whether it stayed on the page (no index entry needed).
    /// </summary>
    /// <param name="horizon">Every transaction below it has finished (its commit is durable): versions they replaced are dead.</param>
    public Tid Update(byte rel, Tid old, ReadOnlySpan<byte> payload, uint xid, uint horizon, out bool hot)
    {
        int oldFrame = pool.Pin(rel, old.Block);
        try
        {
            var page = pool.Page(oldFrame);
            // heap_page_prune_opt: a page is pruned when it is accessed with less free space than
            // max(its fillfactor's reserve, a tenth of the page), or too little for the new version.
            // Only a page that updates left dead versions on can gain room by pruning (PostgreSQL's
            // pd_prune_xid hint): a full page nobody updated yet is not scanned for nothing.
            if ((PageOps.FreeSpace(page) < MinFreeBeforePruning(rel, page.Length) ||
                 !HeapPage.TryPlace(page, HeapPage.TupleSize(payload.Length), out _, out _, out _, out _)) &&
                PagesWithDeadVersions.Contains(rel, old.Block) &&
                Prune(rel, old.Block, oldFrame, horizon))
                page = pool.Page(oldFrame);
            ref readonly var oldTuple = ref HeapTupleHeader.At(page, LinePointer.Get(page, old.Item).Offset);
            var oldInfo = oldTuple.Infomask;
            int oldOff = LinePointer.Get(page, old.Item).Offset;

            if (HeapPage.TryPlace(page, HeapPage.TupleSize(payload.Length), out int hotLp, out _, out _, out _))
            {
                // HOT: new version on the same page, chained from the old one; indexes are not touched.
                int len = BuildTuple(payload, xid, HeapInfo.HeapOnly);
                var rec = logger.Builder.Begin(RecordType.HeapHotUpdate, xid);
                var ops = rec.AddBlock(rel, old.Block, oldFrame, willInit: false);
                ushort item;
                if (absolutePlacement)
                {
                    item = Put(oldFrame, ops, len);
                    ops.Stamp(oldOff, xid, old.Block, item, oldInfo | HeapInfo.HotUpdated);
                }
                else
                {
                    // The old version is stamped first: the new one's op runs to the end of the block's data.
                    item = (ushort)hotLp;
                    ops.StampTuple(old.Item, old.Block, item, oldInfo | HeapInfo.HotUpdated);
                    var oldBody = page.Slice(oldOff + HeapTupleHeader.Size, LinePointer.Get(page, old.Item).Length - HeapTupleHeader.Size);
                    AddVersion(ops, item, len, oldBody, old.Item);
                }
                ulong before = LsnOf(oldFrame);
                logger.Log(rec);
                _hints.Advance(oldFrame, new PageId(rel, old.Block), before, LsnOf(oldFrame), old.Item);
                _chains.Advance(oldFrame, new PageId(rel, old.Block), before, LsnOf(oldFrame), old.Item, item);
                NoteFree(rel, old.Block, oldFrame);
                PagesWithDeadVersions.Add(rel, old.Block);
                Tuples.Updated(rel);
                HotUpdates++;
                hot = true;
                return new Tid(old.Block, item);
            }

            {
                // The new version goes to another page. PostgreSQL locks the old one first, logged
                // (XLOG_HEAP_LOCK), because it lets go of the old page while it finds room elsewhere.
                var lockRec = logger.Builder.Begin(RecordType.HeapLock, xid);
                var lockOps = lockRec.AddBlock(rel, old.Block, oldFrame, willInit: false);
                if (absolutePlacement) lockOps.Stamp(oldOff, xid, old.Block, old.Item, oldInfo | HeapInfo.XmaxLockOnly);
                else lockOps.StampTuple(old.Item, old.Block, old.Item, oldInfo | HeapInfo.XmaxLockOnly);
                ulong beforeLock = LsnOf(oldFrame);
                logger.Log(lockRec);
                _hints.Advance(oldFrame, new PageId(rel, old.Block), beforeLock, LsnOf(oldFrame), old.Item);

                int len = BuildTuple(payload, xid, HeapInfo.None);
                var rec = logger.Builder.Begin(RecordType.HeapUpdate, xid);
                int newFrame = PinPageWithRoom(rel, len, old.Block, rec, out uint block, out var ops);
                try
                {
                    ushort item = Put(newFrame, ops, len);
                    var oldOps = rec.AddBlock(rel, old.Block, oldFrame, willInit: false);
                    if (absolutePlacement) oldOps.Stamp(oldOff, xid, block, item, oldInfo & ~HeapInfo.HotUpdated);
                    else oldOps.StampTuple(old.Item, block, item, oldInfo & ~HeapInfo.HotUpdated);
                    ulong beforeOld = LsnOf(oldFrame), beforeNew = LsnOf(newFrame);
                    logger.Log(rec);
                    _hints.Advance(oldFrame, new PageId(rel, old.Block), beforeOld, LsnOf(oldFrame), old.Item);
                    _hints.Advance(newFrame, new PageId(rel, block), beforeNew, LsnOf(newFrame));
                    NoteFree(rel, block, newFrame);
                    NoteFree(rel, old.Block, oldFrame);
                    PagesWithDeadVersions.Add(rel, old.Block);
                    Tuples.Updated(rel);
                    NonHotUpdates++;
                    hot = false;
                    return new Tid(block, item);
                }
                finally
                {
                    pool.Unpin(newFrame);
                }
            }
        }
        finally
        {
            pool.Unpin(oldFrame);
        }
    }

    /// <summary>
    /// Follows the HOT chain from <paramref name="root"/> to the live version. On success the page
    /// stays pinned (<paramref name="frame"/>) and <paramref name="offset"/> is the tuple's offset in it.
    /// </summary>
    public bool TryFetchLive(byte rel, Tid root, out Tid live, out int frame, out int offset)
    {
        frame = pool.Pin(rel, root.Block);
        var page = pool.Page(frame);
        var id = new PageId(rel, root.Block);
        ulong lsn = PageHeader.Of(page).Lsn;
        int n = LinePointer.Count(page);
        // The hinted version is where the walk below would end: check it as the walk's last step does.
        if (UseChainHints && _chains.TryGet(frame, id, lsn, root.Item, out int hinted) && hinted < n && IsLiveAt(page, hinted, out offset))
        {
            live = new Tid(root.Block, (ushort)hinted);
            ReadsFromChainHints++;
            return true;
        }
        int item = root.Item;
        for (int hops = 0; hops <= n && item < n; hops++)
        {
            uint lp = LinePointer.Raw(page, item);
            var state = LinePointer.StateOf(lp);
            if (state == LpState.Redirect)
            {
                item = LinePointer.OffsetOf(lp);
                continue;
            }
            if (state != LpState.Normal) break;
            // A page that passed its checksum can still hold bytes no engine wrote (a garbage sector
            // re-stamped by replay): a line pointer past the page is damage, named, not an exception.
            if ((uint)LinePointer.OffsetOf(lp) > (uint)(page.Length - HeapTupleHeader.Size))
                throw new CorruptPageException(store.Catalog[rel].Name, root.Block, $"has line pointer {item} at offset {LinePointer.OffsetOf(lp)}, past the page");
            ref readonly var t = ref HeapTupleHeader.At(page, LinePointer.OffsetOf(lp));
            if (t.Xmax == 0)
            {
                live = new Tid(root.Block, (ushort)item);
                offset = LinePointer.OffsetOf(lp);
                _chains.Set(frame, id, lsn, root.Item, item);
                return true;
            }
            if ((t.Infomask & HeapInfo.HotUpdated) == 0 || t.CtidBlock != root.Block) break;
            item = t.CtidItem;
        }
        pool.Unpin(frame);
        frame = -1;
        live = default;
        offset = 0;
        return false;
    }

    /// <summary>True when line pointer <paramref name="item"/> holds a version nobody replaced, at <paramref name="offset"/>.</summary>
    private static bool IsLiveAt(ReadOnlySpan<byte> page, int item, out int offset)
    {
        uint lp = LinePointer.Raw(page, item);
        offset = LinePointer.OffsetOf(lp);
        return LinePointer.StateOf(lp) == LpState.Normal && (uint)offset <= (uint)(page.Length - HeapTupleHeader.Size) &&
               HeapTupleHeader.At(page, offset).Xmax == 0;
    }

    /// <summary>
    /// Prunes a page: HOT chains collapse to their live member (the root becomes a redirect),
    /// dead heap-only versions become unused, dead roots become dead line pointers (index entries
    /// still point at them until vacuum), and the page is compacted. Logged as one layout-changing
    /// record. Returns false when there was nothing to prune.
    /// </summary>
    /// <param name="horizon">Versions replaced by a transaction below it are dead.</param>
    public bool Prune(byte rel, uint block, int frame, uint horizon)
    {
        // A prune that removes anything compacts the page, reading its tuples: their loads start now,
        // while the chains are examined and the record is built (a page an update picked at random is
        // rarely in cache; one pruned every few transactions is, and costs the prefetch little).
        pool.Prefetch(frame);
        var page = pool.Page(frame);
        var id = new PageId(rel, block);
        int n = LinePointer.Count(page);
        if (_seen.Length < n)
        {
            _seen = new bool[n * 2];
            _chain = new int[n * 2];
            _chainStamped = new bool[n * 2];
        }
        Array.Clear(_seen, 0, n);
        // Only chains holding a stamped tuple can change: with an exact hint only those are read.
        Span<ushort> hinted = stackalloc ushort[PruneHints.Capacity];
        int hintedCount = -1;
        ulong lsn = PageHeader.Of(page).Lsn;
        if (UsePruneHints)
        {
            if (_hints.TryGet(frame, id, lsn, out var h)) hintedCount = h.Length;
            h.CopyTo(hinted);
            // Rebuilt below from what the prune leaves stamped.
            _hints.Start(frame, id, lsn);
        }
        // No transaction's record: the horizon is not a transaction (it may be the next xid, or one that
        // has committed by the time a vacuum pass gets here), and recovery rolls back the xids it sees
        // without a commit.
        var rec = logger.Builder.Begin(RecordType.HeapPrune, 0);
        var p = new PruneState(rec, rel, block, frame, horizon);
        Span<int> roots = stackalloc int[2 * PruneHints.Capacity];
        int rootCount = hintedCount >= 0 ? HintedRoots(page, n, hinted[..hintedCount], roots) : -1;
        if (rootCount < 0)
        {
            for (int i = 0; i < n; i++) PruneChainAt(page, i, n, ref p);
            // Heap-only versions no chain reached and that are dead (their chain was cut by an abort).
            for (int i = 0; i < n; i++) PruneOrphan(page, i, ref p);
        }
        else
        {
            PrunesFromHints++;
            // The same line pointers in the same order as the whole scan would change them.
            for (int k = 0; k < rootCount; k++) PruneChainAt(page, roots[k], n, ref p);
            var candidates = hinted[..hintedCount];
            candidates.Sort();
            foreach (ushort c in candidates)
                if (c < n) PruneOrphan(page, c, ref p);
        }
        if (p.Changes == 0) return false;
        Tuples.Pruned(rel, p.Removed);
        p.Ops!.Compact();
        logger.Log(rec);
        // Pruning removes only dead versions and moves no line pointer: a chain's live version stays where it was.
        _chains.Keep(frame, id, lsn, PageHeader.Of(page).Lsn);
        _hints.MoveTo(frame, PageHeader.Of(page).Lsn);
        NoteFree(rel, block, frame);
        Prunes++;
        return true;
    }

    /// <summary>
    /// The chain roots an exact hint says can change, ascending, into <paramref name="roots"/>: each
    /// stamped root, and each redirect into a stamped heap-only version (every version between a
    /// redirect and a stamped one is stamped too, so the hint names the redirect's target). Returns
    /// -1 when the page does not look as the hint says: then the whole page is read.
    /// </summary>
    private static int HintedRoots(ReadOnlySpan<byte> page, int n, ReadOnlySpan<ushort> stamped, Span<int> roots)
    {
        int count = 0;
        // The stamped heap-only versions, as bits by line pointer: what a redirect may lead to.
        Span<ulong> heapOnly = stackalloc ulong[(n + 63) >> 6];
        bool anyHeapOnly = false;
        foreach (ushort c in stamped)
        {
            if (c >= n) return -1;
            uint v = LinePointer.Raw(page, c);
            if (LinePointer.StateOf(v) != LpState.Normal) return -1;
            if ((HeapTupleHeader.At(page, LinePointer.OffsetOf(v)).Infomask & HeapInfo.HeapOnly) == 0) roots[count++] = c;
            else
            {
                heapOnly[c >> 6] |= 1UL << (c & 63);
                anyHeapOnly = true;
            }
        }
        if (anyHeapOnly)
        {
            var words = LinePointer.Words(page, n);
            for (int from = 0; from < n; from += 32)
                for (uint redirects = LinePointer.InState(words, from, LpState.Redirect); redirects != 0; redirects &= redirects - 1)
                {
                    int i = from + BitOperations.TrailingZeroCount(redirects);
                    int target = LinePointer.OffsetOf(LinePointer.FromLittleEndian(words[i]));
                    if (target >= n || (heapOnly[target >> 6] & (1UL << (target & 63))) == 0) continue;
                    if (count == roots.Length) return -1;
                    roots[count++] = i;
                }
        }
        roots[..count].Sort();
        return count;
    }

    /// <summary>What one prune has built so far: its record's block ops and its counts.</summary>
    private ref struct PruneState(RecordBuilder rec, byte rel, uint block, int frame, uint horizon)
    {
        public readonly RecordBuilder Rec = rec;
        public readonly byte Rel = rel;
        public readonly uint Block = block;
        public readonly int Frame = frame;
        public readonly uint Horizon = horizon;
        public PageOpWriter? Ops;
        // Changes: line pointers rewritten; Removed: dead versions that need no vacuum any more (what n_dead_tup loses).
        public int Changes, Removed;

        public PageOpWriter Writer() => Ops ??= Rec.AddBlock(Rel, Block, Frame, false);
    }

    /// <summary>Prunes the chain that starts at line pointer <paramref name="i"/>, if one does and it can change.</summary>
    private void PruneChainAt(ReadOnlySpan<byte> page, int i, int n, ref PruneState p)
    {
        // Most line pointers of a page pruned again and again need nothing: decide those from the raw words.
        if (ChainNeedsNoPruning(page, i, n)) return;
        var lp = LinePointer.Get(page, i);
        int start;
        if (lp.State == LpState.Redirect) start = lp.Offset;
        else if (lp.State == LpState.Normal && (HeapTupleHeader.At(page, lp.Offset).Infomask & HeapInfo.HeapOnly) == 0) start = i;
        else return;

        // The whole chain, as heap_prune_chain walks it: a member replaced by a transaction that
        // may still be running (at or above the horizon) is kept, but a later member whose
        // replacer has finished means every member before it is dead too (each was replaced
        // before the next), so the chain is cut after the latest dead member.
        int len = 0, latestDead = -1, cur = start;
        while (cur < n && !_seen[cur])
        {
            var clp = LinePointer.Get(page, cur);
            if (clp.State != LpState.Normal) break;
            _seen[cur] = true;
            ref readonly var t = ref HeapTupleHeader.At(page, clp.Offset);
            _chainStamped[len] = t.Xmax != 0;
            _chain[len++] = cur;
            if (t.Xmax == 0) break;
            if (IsDead(t, p.Horizon)) latestDead = len - 1;
            if ((t.Infomask & HeapInfo.HotUpdated) == 0 || t.CtidBlock != p.Block) break;
            cur = t.CtidItem;
        }
        // The members the prune keeps that are stamped are what the page's next hint holds.
        for (int k = latestDead + 1; k < len; k++)
            if (_chainStamped[k]) _hints.Add(p.Frame, (ushort)_chain[k]);
        int live = latestDead + 1 < len ? _chain[latestDead + 1] : -1;
        if (live == i) return;
        for (int k = 0; k <= latestDead; k++)
        {
            if (_chain[k] == i) continue;
            p.Writer().SetLp(_chain[k], LpState.Unused);
            p.Changes++;
            p.Removed++;
        }
        // A root that becomes a redirect is gone; one that becomes a dead line pointer still waits for
        // vacuum (its index entries), so it stays counted, as PostgreSQL subtracts ndeleted - nnewlpdead.
        if (lp.State == LpState.Normal && live >= 0) p.Removed++;
        if (live >= 0)
        {
            if (lp.State == LpState.Redirect && lp.Offset == live) return;
            p.Writer().SetLp(i, LpState.Redirect, live);
        }
        else
        {
            // Ops apply when the record is logged, so the chain's tuples are still on the page here.
            int keyed = lp.State == LpState.Normal ? i : latestDead >= 0 ? _chain[0] : -1;
            if (keyed >= 0) DeadRootKeys[new Tid(p.Block, (ushort)i).Key(p.Rel)] = RowKey(page, keyed);
            p.Writer().SetLp(i, LpState.Dead);
        }
        p.Changes++;
    }

    /// <summary>Removes line pointer <paramref name="i"/> when it is a dead heap-only version no chain reached.</summary>
    private void PruneOrphan(ReadOnlySpan<byte> page, int i, ref PruneState p)
    {
        if (_seen[i]) return;
        var lp = LinePointer.Get(page, i);
        if (lp.State != LpState.Normal) return;
        ref readonly var t = ref HeapTupleHeader.At(page, lp.Offset);
        if ((t.Infomask & HeapInfo.HeapOnly) == 0 || t.Xmax == 0) return;
        if (IsDead(t, p.Horizon))
        {
            p.Writer().SetLp(i, LpState.Unused);
            p.Changes++;
            p.Removed++;
        }
        else _hints.Add(p.Frame, (ushort)i);
    }

    /// <summary>
    /// Prune's fast path for line pointer <paramref name="i"/>: true (and the chain marked seen) when
    /// it starts no chain (heap-only, dead or unused), is a live version nobody replaced, or is a
    /// redirect that already reaches such a version. Exactly the cases the chain walk would leave
    /// alone; everything else goes through it.
    /// </summary>
    private bool ChainNeedsNoPruning(ReadOnlySpan<byte> page, int i, int n)
    {
        uint v = LinePointer.Raw(page, i);
        switch (LinePointer.StateOf(v))
        {
            case LpState.Normal:
            {
                ref readonly var t = ref HeapTupleHeader.At(page, LinePointer.OffsetOf(v));
                if ((t.Infomask & HeapInfo.HeapOnly) != 0) return true;
                if (t.Xmax != 0) return false;
                _seen[i] = true;
                return true;
            }
            case LpState.Redirect:
            {
                int target = LinePointer.OffsetOf(v);
                if (target >= n || _seen[target]) return false;
                uint tv = LinePointer.Raw(page, target);
                if (LinePointer.StateOf(tv) != LpState.Normal || HeapTupleHeader.At(page, LinePointer.OffsetOf(tv)).Xmax != 0) return false;
                _seen[target] = true;
                return true;
            }
            default:
                return true;
        }
    }

    private ulong LsnOf(int frame) => PageHeader.Of(pool.Page(frame)).Lsn;

    private static int RowKey(ReadOnlySpan<byte> page, int item) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(page[(LinePointer.Get(page, item).Offset + HeapTupleHeader.Size)..]);

    /// <summary>Dead: replaced or deleted by a transaction that has finished (every xid below the running one has).</summary>
    private static bool IsDead(in HeapTupleHeader t, uint runningXid) =>
        t.Xmax != 0 && t.Xmax < runningXid && (t.Infomask & HeapInfo.XmaxLockOnly) == 0;

    /// <summary>Pins a page that can take <paramref name="len"/> bytes (FSM, else the last page, else a new page) and adds it to the record.</summary>
    private int PinPageWithRoom(byte rel, int len, uint exclude, RecordBuilder rec, out uint block, out PageOpWriter ops)
    {
        int need = PageOps.MaxAlign(len) + LinePointer.Size;
        long b = fsm.Find(rel, need, exclude);
        if (b >= 0)
        {
            int f = pool.Pin(rel, (uint)b);
            if (HeapPage.TryPlace(pool.Page(f), len, out _, out _, out _, out _))
            {
                block = (uint)b;
                ops = rec.AddBlock(rel, block, f, false);
                return f;
            }
            NoteFree(rel, (uint)b, f);
            pool.Unpin(f);
        }
        uint count = store.BlockCount(rel);
        if (count > 0 && count - 1 != exclude)
        {
            int f = pool.Pin(rel, count - 1);
            if (HeapPage.TryPlace(pool.Page(f), len, out _, out _, out _, out _))
            {
                block = count - 1;
                ops = rec.AddBlock(rel, block, f, false);
                return f;
            }
            pool.Unpin(f);
        }
        block = store.Extend(rel);
        int nf = pool.PinNew(rel, block);
        ops = rec.AddBlock(rel, block, nf, willInit: true);
        ops.Init(PageKind.Heap, 0);
        // The Init op runs when the record is logged; place the item against the page it will create.
        PageOps.Apply(ops.Written, pool.Page(nf));
        return nf;
    }

    /// <summary>Adds the op that puts the tuple in <see cref="_tuple"/> on the page in <paramref name="frame"/>; the block's last op.</summary>
    private ushort Put(int frame, PageOpWriter ops, int len)
    {
        var page = pool.Page(frame);
        if (!HeapPage.TryPlace(page, len, out int lp, out int off, out int lower, out int upper))
            throw new InvalidOperationException("tuple does not fit the page chosen for it");
        if (absolutePlacement) ops.PutItem(lp, off, lower, upper, _tuple.AsSpan(0, len));
        else AddVersion(ops, lp, len, default, -1);
        return (ushort)lp;
    }

    /// <summary>
    /// The op for the new version in <see cref="_tuple"/> at <paramref name="lp"/>: its body whole, or,
    /// when it shares enough of a prefix and suffix with <paramref name="oldBody"/> (the old version
    /// on the same page, at <paramref name="oldLp"/>), only the middle (log_heap_update's rule).
    /// </summary>
    private void AddVersion(PageOpWriter ops, int lp, int len, ReadOnlySpan<byte> oldBody, int oldLp)
    {
        ref readonly var h = ref HeapTupleHeader.At(_tuple.AsSpan(0, len), 0);
        var body = _tuple.AsSpan(HeapTupleHeader.Size, len - HeapTupleHeader.Size);
        int limit = Math.Min(body.Length, oldBody.Length);
        int prefix = body[..limit].CommonPrefixLength(oldBody[..limit]);
        int suffix = CommonSuffixLength(body, oldBody, limit - prefix);
        // The delta costs its old pointer, prefix and suffix lengths; it is worth them only when it saves more.
        if (oldLp >= 0 && prefix + suffix > AddTupleDeltaOp.Size - AddTupleOp.Size)
            ops.AddTupleDelta(lp, h.Infomask, h.Natts, oldLp, prefix, suffix, body[prefix..^suffix]);
        else ops.AddTuple(lp, h.Infomask, h.Natts, body);
    }

    /// <summary>How many bytes <paramref name="a"/> and <paramref name="b"/> share at their ends, at most <paramref name="max"/>; eight compared at a time.</summary>
    internal static int CommonSuffixLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int max)
    {
        int n = 0;
        for (; n + 8 <= max; n += 8)
        {
            // Read little-endian, the byte nearest the end is the most significant: equal high bytes are shared.
            ulong diff = BinaryPrimitives.ReadUInt64LittleEndian(a.Slice(a.Length - n - 8, 8)) ^ BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(b.Length - n - 8, 8));
            if (diff != 0) return n + BitOperations.LeadingZeroCount(diff) / 8;
        }
        while (n < max && a[^(n + 1)] == b[^(n + 1)]) n++;
        return n;
    }

    private int BuildTuple(ReadOnlySpan<byte> payload, uint xid, HeapInfo info)
    {
        int len = HeapPage.TupleSize(payload.Length);
        var s = _tuple.AsSpan(0, len);
        s[..HeapTupleHeader.Size].Clear();
        ref var h = ref HeapTupleHeader.At(s, 0);
        h.Xmin = xid;
        h.Infomask = info;
        h.Hoff = HeapTupleHeader.Size;
        h.Natts = 1;
        payload.CopyTo(s[HeapTupleHeader.Size..]);
        return len;
    }

    private void NoteFree(byte rel, uint block, int frame) => fsm.Set(rel, block, HeapPage.FreeForItem(pool.Page(frame)));
}
