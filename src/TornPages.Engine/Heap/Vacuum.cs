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
/// </summary>
public sealed class Vacuum(BufferPool pool, PageLogger logger, HeapAccess heap, BTree indexes, Catalog catalog)
{
    private readonly List<int> _dead = [];

    public int Passes { get; private set; }
    public long PagesPruned { get; private set; }
    public long IndexEntriesRemoved { get; private set; }

    /// <param name="horizon">Every transaction below it has finished: versions they replaced are dead.</param>
    public void Run(uint horizon)
    {
        var work = heap.PagesWithDeadVersions.Order().ToList();
        heap.PagesWithDeadVersions.Clear();
        foreach (var heapRel in catalog.All.Where(r => r.Kind == RelKind.Heap))
        {
            var deadTids = new HashSet<long>();
            var pages = new List<uint>();
            foreach (long tag in work)
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
                        if (LinePointer.Get(page, i).State == LpState.Dead) deadTids.Add(BTree.DeadTidKey(new Tid(block, (ushort)i)));
                    pages.Add(block);
                }
                finally
                {
                    pool.Unpin(frame);
                }
            }
            if (deadTids.Count == 0) continue;
            // Dead line pointers may become unused only once no index entry points at them.
            if (catalog.IndexOf(heapRel.Id) is { } index) IndexEntriesRemoved += indexes.RemoveEntries(index, deadTids);
            foreach (uint block in pages) MarkUnused(heapRel.Id, block);
        }
        Passes++;
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
                    (ops ??= rec.AddBlock(rel, block, frame, willInit: false)).SetLp(i, LpState.Unused);
            if (ops != null) logger.Log(rec);
        }
        finally
        {
            pool.Unpin(frame);
        }
    }
}
