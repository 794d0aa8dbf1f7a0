using TornPages.Engine.Buffers;
using TornPages.Engine.Files;
using TornPages.Engine.Index;
using TornPages.Engine.Pages;
using TornPages.Engine.Wal;

namespace TornPages.Engine.Heap;

/// <summary>
/// A vacuum pass over the pages updates left dead versions on, in PostgreSQL's three steps:
/// prune each page (dead versions removed, the page compacted: layout-changing, logged as such);
/// remove the index entries that point at the dead line pointers pruning left; then mark those line
/// pointers unused (absolute ops), so their slots can be reused. The work list lives in memory:
/// after a restart, pages join it again when an update next touches them.
/// Cost: the pages on the work list and the index leaves holding dead entries, found by key
/// (<see cref="HeapAccess.DeadRootKeys"/>); not the size of the table. The records it writes are
/// those of PostgreSQL's vacuum: one per pruned page, one per leaf that loses entries, in key order.
/// </summary>
public sealed class Vacuum(BufferPool pool, PageLogger logger, HeapAccess heap, BTree indexes, Catalog catalog)
{
    private readonly List<long> _work = [];
    private readonly List<uint> _pages = [];
    private readonly List<Tid> _deadTids = [];
    private readonly List<BTree.DeadEntry> _deadEntries = [];

    public int Passes { get; private set; }
    public long PagesPruned { get; private set; }
    public long IndexEntriesRemoved { get; private set; }

    /// <summary>Passes that had to read every leaf of an index because a dead line pointer's key was not known (after a restart).</summary>
    public int FullIndexScans { get; private set; }

    /// <param name="horizon">Every transaction below it has finished: versions they replaced are dead.</param>
    public void Run(uint horizon)
    {
        _work.Clear();
        heap.PagesWithDeadVersions.CopyTo(_work);
        heap.PagesWithDeadVersions.Clear();
        foreach (var heapRel in catalog.All)
        {
            if (heapRel.Kind != RelKind.Heap) continue;
            _pages.Clear();
            _deadTids.Clear();
            foreach (long tag in _work)
            {
                if ((byte)(tag >> 32) != heapRel.Id) continue;
                uint block = (uint)tag;
                int frame = pool.Pin(heapRel.Id, block);
                try
                {
                    if (heap.Prune(heapRel.Id, block, frame, horizon)) PagesPruned++;
                    var page = pool.Page(frame);
                    int n = LinePointer.Count(page);
                    for (int i = 0; i < n; i++)
                        if (LinePointer.Get(page, i).State == LpState.Dead) _deadTids.Add(new Tid(block, (ushort)i));
                    _pages.Add(block);
                }
                finally
                {
                    pool.Unpin(frame);
                }
            }
            if (_deadTids.Count == 0) continue;
            // Dead line pointers may become unused only once no index entry points at them.
            if (catalog.IndexOf(heapRel.Id) is { } index) IndexEntriesRemoved += RemoveIndexEntries(heapRel.Id, index);
            foreach (uint block in _pages) MarkUnused(heapRel.Id, block);
        }
        Passes++;
    }

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

    private void MarkUnused(byte rel, uint block)
    {
        int frame = pool.Pin(rel, block);
        try
        {
            var page = pool.Page(frame);
            var rec = logger.Builder.Begin(RecordType.HeapVacuum, 0);
            PageOpWriter? ops = null;
            int n = LinePointer.Count(page);
            for (int i = 0; i < n; i++)
                if (LinePointer.Get(page, i).State == LpState.Dead)
                {
                    (ops ??= rec.AddBlock(rel, block, frame, willInit: false)).SetLp(i, LpState.Unused);
                    heap.DeadRootKeys.Remove(new Tid(block, (ushort)i).Key(rel));
                }
            if (ops != null) logger.Log(rec);
        }
        finally
        {
            pool.Unpin(frame);
        }
    }
}
