using TornPages.Engine.Buffers;
using TornPages.Engine.Files;
using TornPages.Engine.Heap;
using TornPages.Engine.Index;
using TornPages.Engine.Pages;
using TornPages.Engine.Wal;

namespace TornPages.Engine.Vacuuming;

/// <summary>
/// A vacuum pass over the pages updates left dead versions on, in PostgreSQL's three steps:
/// prune each page (dead versions removed, the page compacted: layout-changing, logged as such);
/// remove the index entries that point at the dead line pointers pruning left; then mark those line
/// pointers unused (absolute ops), so their slots can be reused. The work list lives in memory:
/// after a restart, pages join it again when an update next touches them.
/// Cost: the pages on the work list and the index leaves holding dead entries, found by key
/// (<see cref="HeapAccess.DeadRootKeys"/>); not the size of the table. The records it writes are
/// those of PostgreSQL's vacuum: one per pruned page, one per leaf that loses entries, in key order.
///
/// A pass advances in steps (<see cref="Advance"/>: one heap page, or the index cleanup), and
/// transactions run between steps, as they run beside PostgreSQL's vacuum process. What keeps that
/// safe: a page is pinned only within a step; a line pointer pruning made dead stays dead until
/// vacuum frees it (pruning never touches a dead one, inserts reuse only unused ones); and the third
/// step frees exactly the line pointers the first collected, whose index entries the second removed,
/// never one a later prune left dead while the pass ran (its index entry still points at it).
/// </summary>
public sealed class Vacuum(BufferPool pool, PageLogger logger, HeapAccess heap, BTree indexes, Catalog catalog, WalStats wal)
{
    private readonly List<PageId> _work = [];
    private readonly List<uint> _pages = [];
    private readonly List<Tid> _deadTids = [];
    private readonly List<BTree.DeadEntry> _deadEntries = [];
    private IEnumerator<int>? _pass;

    private readonly int[] _passesByRelation = new int[256];

    /// <summary>Passes finished; a pass over every table counts once here and once for each table.</summary>
    public int Passes { get; private set; }

    /// <summary>Passes finished that covered heap <paramref name="rel"/>.</summary>
    public int PassesOf(byte rel) => _passesByRelation[rel];
    public long PagesPruned { get; private set; }
    public long IndexEntriesRemoved { get; private set; }

    /// <summary>Cost units spent, as <see cref="VacuumPolicy"/> counts them.</summary>
    public long CostSpent { get; private set; }

    /// <summary>Passes that had to read every leaf of an index because a dead line pointer's key was not known (after a restart).</summary>
    public int FullIndexScans { get; private set; }

    /// <summary>A pass has started and not yet finished.</summary>
    public bool Running => _pass != null;

    /// <summary>A whole pass, now.</summary>
    /// <param name="horizon">Every transaction below it has finished: versions they replaced are dead.</param>
    public void Run(uint horizon)
    {
        Start(horizon);
        Advance(int.MaxValue);
    }

    /// <summary>Starts a pass over heap <paramref name="only"/>, or over every heap; <see cref="Advance"/> does its work.</summary>
    /// <param name="horizon">Every transaction below it has finished: versions they replaced are dead (it stays so while the pass runs).</param>
    public void Start(uint horizon, byte? only = null)
    {
        if (_pass != null) throw new InvalidOperationException("a vacuum pass is already running");
        _work.Clear();
        if (only is byte rel)
            heap.PagesWithDeadVersions.Take(rel, _work);
        else
        {
            heap.PagesWithDeadVersions.CopyTo(_work);
            heap.PagesWithDeadVersions.Clear();
        }
        _only = only;
        _pass = Pass(horizon).GetEnumerator();
    }

    private byte? _only;

    /// <summary>Does steps of the running pass until <paramref name="budget"/> cost units are spent or it finishes; returns the units spent.</summary>
    public int Advance(int budget)
    {
        if (_pass == null) return 0;
        int spent = 0;
        while (spent < budget)
        {
            if (!_pass.MoveNext())
            {
                _pass.Dispose();
                _pass = null;
                Passes++;
                foreach (var r in catalog.All)
                    if (r.Kind == RelKind.Heap && (_only == null || _only == r.Id)) _passesByRelation[r.Id]++;
                break;
            }
            spent += _pass.Current;
        }
        CostSpent += spent;
        return spent;
    }

    /// <summary>The pass, one step per yield; each yield is the step's cost.</summary>
    private IEnumerable<int> Pass(uint horizon)
    {
        foreach (var heapRel in catalog.All)
        {
            if (heapRel.Kind != RelKind.Heap || (_only != null && _only != heapRel.Id)) continue;
            _pages.Clear();
            _deadTids.Clear();
            foreach (var page in _work)
            {
                if (page.Rel != heapRel.Id) continue;
                yield return PruneAndCollect(heapRel.Id, page.Block, horizon);
            }
            if (_deadTids.Count == 0) continue;
            // Dead line pointers may become unused only once no index entry points at them.
            if (catalog.IndexOf(heapRel.Id) is { } index) yield return Costed(() => IndexEntriesRemoved += RemoveIndexEntries(heapRel.Id, index));
            int next = 0;
            foreach (uint block in _pages) yield return MarkUnused(heapRel.Id, block, ref next);
        }
    }

    private int PruneAndCollect(byte rel, uint block, uint horizon)
    {
        long reads = pool.Reads;
        int frame = pool.Pin(rel, block);
        bool wasDirty = pool.IsDirty(frame);
        try
        {
            if (heap.Prune(rel, block, frame, horizon)) PagesPruned++;
            var page = pool.Page(frame);
            int n = LinePointer.Count(page);
            for (int i = 0; i < n; i++)
                if (LinePointer.Get(page, i).State == LpState.Dead) _deadTids.Add(new Tid(block, (ushort)i));
            _pages.Add(block);
            return PageCost(reads, !wasDirty && pool.IsDirty(frame));
        }
        finally
        {
            pool.Unpin(frame);
        }
    }

    /// <summary>The cost of work that reads and logs several pages: each read a miss, each record one page dirtied.</summary>
    private int Costed(Action work)
    {
        long reads = pool.Reads, records = wal.Records;
        work();
        return (int)((pool.Reads - reads) * VacuumPolicy.PageMissCost + (wal.Records - records) * VacuumPolicy.PageDirtyCost);
    }

    private int PageCost(long readsBefore, bool dirtied) =>
        (pool.Reads > readsBefore ? VacuumPolicy.PageMissCost : VacuumPolicy.PageHitCost) + (dirtied ? VacuumPolicy.PageDirtyCost : 0);

    private int RemoveIndexEntries(byte rel, Relation index)
    {
        _deadEntries.Clear();
        foreach (var tid in _deadTids)
        {
            if (!heap.DeadRootKeys.TryGetValue(tid.Key(rel), out int key))
            {
                FullIndexScans++;
                var all = new HashSet<Tid>(_deadTids);
                return indexes.RemoveEntries(index, all.Contains);
            }
            _deadEntries.Add(new BTree.DeadEntry(key, tid));
        }
        return indexes.RemoveEntries(index, _deadEntries);
    }

    /// <summary>Frees the dead line pointers of <paramref name="block"/> that the first step collected (they are in page order, from <paramref name="next"/> on).</summary>
    private int MarkUnused(byte rel, uint block, ref int next)
    {
        long reads = pool.Reads;
        int frame = pool.Pin(rel, block);
        bool wasDirty = pool.IsDirty(frame);
        try
        {
            var page = pool.Page(frame);
            var rec = logger.Builder.Begin(RecordType.HeapVacuum, 0);
            PageOpWriter? ops = null;
            for (; next < _deadTids.Count && _deadTids[next].Block == block; next++)
            {
                int item = _deadTids[next].Item;
                (ops ??= rec.AddBlock(rel, block, frame, willInit: false)).SetLp(item, LpState.Unused);
                heap.DeadRootKeys.Remove(new Tid(block, (ushort)item).Key(rel));
            }
            if (ops != null) logger.Log(rec);
            return PageCost(reads, !wasDirty && pool.IsDirty(frame));
        }
        finally
        {
            pool.Unpin(frame);
        }
    }
}
