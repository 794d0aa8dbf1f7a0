using TornPages.Engine.Files;
using TornPages.Engine.Heap;
using TornPages.Engine.Index;
using TornPages.Engine.Pages;
using TornPages.Engine.Strategies;

namespace TornPages.Engine.Loading;

/// <summary>
/// The initial load: heap pages filled to the table's fillfactor and B-trees built bottom-up (leaves
/// at their fillfactor, inner pages at 70%, as PostgreSQL's index build), written straight to the
/// data files without WAL, as PostgreSQL's COPY into a new table at wal_level=minimal. Pages go
/// through the strategy's write path (so a shadow map or a double-write area sees them too). The
/// caller syncs and checkpoints afterwards; until then the load is not crash-safe (nor needs to be).
/// The data files are synced every <see cref="SyncEveryBytes"/> on the way, as a COPY's writes reach
/// the disk in the background: unsynced writes stay bounded (page cache, or a simulated device's pending list).
/// The rows loaded count as live for autovacuum's thresholds (<see cref="TupleCounts"/>).
/// </summary>
public sealed class BulkLoader(PageStore store, IPageWritePath path, TupleCounts tuples)
{
    /// <summary>64 MB: bounded, and few enough syncs that they cost nothing beside the writes.</summary>
    public const long SyncEveryBytes = 64L << 20;

    private readonly int _pageSize = store.PageSize;
    private long _unsynced;

    /// <summary>Appends rows to an empty heap; returns the tid of each row in order.</summary>
    public Tid[] LoadHeap(Relation heap, int count, Func<int, byte[]> row, uint xmin)
    {
        var tids = new Tid[count];
        var page = new byte[_pageSize];
        uint block = store.BlockCount(heap.Id);
        int reserve = _pageSize * (100 - heap.FillFactor) / 100;
        InitHeap(page);
        Span<byte> tuple = stackalloc byte[1024];
        for (int i = 0; i < count; i++)
        {
            var payload = row(i);
            int len = HeapPage.TupleSize(payload.Length);
            var t = tuple[..len];
            t.Clear();
            ref var h = ref HeapTupleHeader.At(t, 0);
            h.Xmin = xmin;
            h.Hoff = HeapTupleHeader.Size;
            h.Natts = 1;
            payload.CopyTo(t[HeapTupleHeader.Size..]);
            bool fits = HeapPage.TryPlace(page, len, out int lp, out int off, out int lower, out int upper);
            if (!fits || (LinePointer.Count(page) > 0 && upper - lower < reserve))
            {
                WritePage(heap.Id, block++, page);
                InitHeap(page);
                HeapPage.TryPlace(page, len, out lp, out off, out lower, out upper);
            }
            t.CopyTo(page.AsSpan(off));
            LinePointer.Set(page, lp, new LinePointer(off, LpState.Normal, len));
            ref var ph = ref PageHeader.Of(page.AsSpan());
            ph.Lower = (ushort)lower;
            ph.Upper = (ushort)upper;
            tids[i] = new Tid(block, (ushort)lp);
        }
        if (LinePointer.Count(page) > 0) WritePage(heap.Id, block, page);
        tuples.Inserted(heap.Id, count);
        return tids;
    }

    /// <summary>Builds an index over keys given in ascending order with their tids.</summary>
    public void BuildIndex(Relation index, ReadOnlySpan<int> keys, ReadOnlySpan<Tid> tids)
    {
        uint next = 1; // block 0 is the meta page
        var level = new List<(int Key, uint Block)>();
        var page = new byte[_pageSize];
        Span<byte> t = stackalloc byte[IndexPage.TupleSize];
        int leafReserve = _pageSize * (100 - index.FillFactor) / 100;

        IndexPage.Init(page, leaf: true, 0);
        int firstKey = keys.Length > 0 ? keys[0] : 0;
        for (int i = 0; i < keys.Length; i++)
        {
            if (!IndexPage.HasRoom(page) || (IndexPage.Count(page) > 0 && PageOps.FreeSpace(page) - IndexPage.TupleSize - LinePointer.Size < leafReserve))
            {
                IndexPage.SetRightLink(page, next + 1);
                level.Add((firstKey, next));
                WritePage(index.Id, next++, page);
                IndexPage.Init(page, leaf: true, 0);
                firstKey = keys[i];
            }
            IndexPage.MakeTuple(t, keys[i], tids[i].Block, tids[i].Item);
            PageOps.InsertItemAt(page, IndexPage.Count(page), t);
        }
        level.Add((firstKey, next));
        WritePage(index.Id, next++, page);

        int depth = 1;
        int innerReserve = _pageSize * 30 / 100;
        while (level.Count > 1)
        {
            var upper = new List<(int Key, uint Block)>();
            IndexPage.Init(page, leaf: false, depth);
            int first = level[0].Key;
            for (int i = 0; i < level.Count; i++)
            {
                if (!IndexPage.HasRoom(page) || (IndexPage.Count(page) > 0 && PageOps.FreeSpace(page) - IndexPage.TupleSize - LinePointer.Size < innerReserve))
                {
                    IndexPage.SetRightLink(page, next + 1);
                    upper.Add((first, next));
                    WritePage(index.Id, next++, page);
                    IndexPage.Init(page, leaf: false, depth);
                    first = level[i].Key;
                }
                // The first entry of an inner page stands for minus infinity.
                IndexPage.MakeTuple(t, IndexPage.Count(page) == 0 ? int.MinValue : level[i].Key, level[i].Block, 0);
                PageOps.InsertItemAt(page, IndexPage.Count(page), t);
            }
            upper.Add((first, next));
            WritePage(index.Id, next++, page);
            level = upper;
            depth++;
        }

        Array.Clear(page);
        ref var mh = ref PageHeader.Of(page.AsSpan());
        mh.Kind = PageKind.IndexMeta;
        mh.Lower = PageHeader.Size + IndexMeta.Size;
        mh.Upper = mh.Special = (ushort)_pageSize;
        ref var meta = ref IndexPage.Meta(page.AsSpan());
        meta.Root = level[0].Block;
        meta.Levels = (uint)depth;
        WritePage(index.Id, 0, page);
    }

    private static void InitHeap(Span<byte> page)
    {
        page.Clear();
        ref var h = ref PageHeader.Of(page);
        h.Kind = PageKind.Heap;
        h.Lower = PageHeader.Size;
        h.Upper = h.Special = (ushort)page.Length;
    }

    private void WritePage(byte rel, uint block, byte[] page)
    {
        store.NoteBlock(rel, block);
        PageChecksum.Stamp(page, PageChecksum.Address(rel, block));
        path.Write(rel, block, page);
        path.Flush();
        _unsynced += _pageSize;
        if (_unsynced >= SyncEveryBytes)
        {
            path.SyncData();
            _unsynced = 0;
        }
    }
}
