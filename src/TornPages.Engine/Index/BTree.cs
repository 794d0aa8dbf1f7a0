using System.Buffers.Binary;
using TornPages.Engine.Buffers;
using TornPages.Engine.Files;
using TornPages.Engine.Heap;
using TornPages.Engine.Pages;
using TornPages.Engine.Wal;

namespace TornPages.Engine.Index;

/// <summary>
/// Primary-key B-trees over an int4 key. Duplicates of a key exist while old versions are not yet
/// vacuumed (a non-HOT update adds an entry for the new version); lookups scan them all and return
/// the one that leads to a live heap version. A simple insert is logged as an item insert into the
/// leaf (layout-changing: it shifts the sorted line pointers); a split is logged as the full new
/// contents of every page it rewrites.
/// </summary>
public sealed class BTree(BufferPool pool, PageStore store, PageLogger logger, HeapAccess heap)
{
    private readonly byte[] _tuple = new byte[IndexPage.TupleSize];
    private readonly byte[] _entries = new byte[IndexPage.TupleSize * 4096];
    private readonly List<(uint Block, int Pos)> _path = [];
    private readonly List<(uint Block, int Frame)> _touched = [];

    public long Splits { get; private set; }

    /// <summary>Finds the live heap version of <paramref name="key"/>; on success its heap page stays pinned.</summary>
    public bool TryFindLive(Relation index, int key, out Tid live, out int heapFrame, out int offset)
    {
        uint block = DescendToLeaf(index, key, forInsert: false);
        while (true)
        {
            int frame = pool.Pin(index.Id, block);
            try
            {
                var page = pool.Page(frame);
                int n = IndexPage.Count(page);
                for (int i = IndexPage.LowerBound(page, key); i < n; i++)
                {
                    if (IndexPage.KeyAt(page, i) != key)
                    {
                        live = default;
                        heapFrame = -1;
                        offset = 0;
                        return false;
                    }
                    if (heap.TryFetchLive(index.Heap, IndexPage.TidAt(page, i), out live, out heapFrame, out offset))
                        return true;
                }
                block = IndexPage.RightLink(page);
            }
            finally
            {
                pool.Unpin(frame);
            }
            if (block == IndexPage.NoRightLink) break;
        }
        live = default;
        heapFrame = -1;
        offset = 0;
        return false;
    }

    /// <summary>How many index entries for <paramref name="key"/> lead to a live version (the oracle wants exactly one).</summary>
    public int CountLive(Relation index, int key)
    {
        int count = 0;
        uint block = DescendToLeaf(index, key, forInsert: false);
        while (block != IndexPage.NoRightLink)
        {
            int frame = pool.Pin(index.Id, block);
            try
            {
                var page = pool.Page(frame);
                int n = IndexPage.Count(page);
                for (int i = IndexPage.LowerBound(page, key); i < n; i++)
                {
                    if (IndexPage.KeyAt(page, i) != key) return count;
                    if (heap.TryFetchLive(index.Heap, IndexPage.TidAt(page, i), out _, out int hf, out _))
                    {
                        count++;
                        pool.Unpin(hf);
                    }
                }
                block = IndexPage.RightLink(page);
            }
            finally
            {
                pool.Unpin(frame);
            }
        }
        return count;
    }

    public void Insert(Relation index, int key, Tid tid, uint xid)
    {
        uint leaf = DescendToLeaf(index, key, forInsert: true);
        IndexPage.MakeTuple(_tuple, key, tid.Block, tid.Item);
        int frame = pool.Pin(index.Id, leaf);
        var page = pool.Page(frame);
        int pos = IndexPage.UpperBound(page, key);
        if (IndexPage.HasRoom(page))
        {
            try
            {
                var rec = logger.Builder.Begin(RecordType.IndexInsert, xid);
                rec.AddBlock(index.Id, leaf, frame, willInit: false).IdxInsert(pos, _tuple);
                logger.Log(rec);
            }
            finally
            {
                pool.Unpin(frame);
            }
            return;
        }
        InsertWithSplits(index, leaf, frame, pos, xid);
    }

    /// <summary>
    /// Splits the full page and carries the separator up, splitting parents as needed and adding a
    /// root when the old root splits; then logs every rewritten page's new contents in one record,
    /// so the split is atomic in the WAL.
    /// </summary>
    private void InsertWithSplits(Relation index, uint block, int frame, int pos, uint xid)
    {
        _touched.Clear();
        Span<byte> tuple = stackalloc byte[IndexPage.TupleSize];
        _tuple.CopyTo(tuple);
        try
        {
            while (true)
            {
                var page = pool.Page(frame);
                _touched.Add((block, frame));
                if (IndexPage.HasRoom(page))
                {
                    PageOps.InsertItemAt(page, pos, tuple);
                    break;
                }
                int n = IndexPage.Count(page);
                int total = n + 1;
                for (int i = 0, src = 0; i < total; i++)
                {
                    var dst = _entries.AsSpan(i * IndexPage.TupleSize, IndexPage.TupleSize);
                    if (i == pos) tuple.CopyTo(dst);
                    else page.Slice(LinePointer.Get(page, src++).Offset, IndexPage.TupleSize).CopyTo(dst);
                }
                bool leaf = PageHeader.Of(page).Kind == PageKind.IndexLeaf;
                int level = IndexPage.Level(page);
                uint rightLink = IndexPage.RightLink(page);
                int mid = total / 2;

                uint newBlock = store.Extend(index.Id);
                int newFrame = pool.PinNew(index.Id, newBlock);
                var right = pool.Page(newFrame);
                IndexPage.Init(page, leaf, level);
                IndexPage.Init(right, leaf, level);
                for (int i = 0; i < mid; i++) PageOps.InsertItemAt(page, i, Entry(i));
                for (int i = mid; i < total; i++) PageOps.InsertItemAt(right, i - mid, Entry(i));
                IndexPage.SetRightLink(right, rightLink);
                IndexPage.SetRightLink(page, newBlock);
                _touched.Add((newBlock, newFrame));
                Splits++;
                int sepKey = BinaryPrimitives.ReadInt32LittleEndian(Entry(mid));

                if (_path.Count == 0)
                {
                    AddRoot(index, block, newBlock, sepKey, level + 1);
                    break;
                }
                var (parent, parentPos) = _path[^1];
                _path.RemoveAt(_path.Count - 1);
                block = parent;
                frame = pool.Pin(index.Id, parent);
                pos = parentPos + 1;
                IndexPage.MakeTuple(tuple, sepKey, newBlock, 0);
            }

            var rec = logger.Builder.Begin(RecordType.IndexSplit, xid);
            foreach (var (b, f) in _touched)
                rec.AddBlock(index.Id, b, f, willInit: true).Overwrite(pool.Page(f));
            logger.Log(rec);
        }
        finally
        {
            foreach (var (_, f) in _touched) pool.Unpin(f);
        }
    }

    /// <summary>
    /// Vacuum's index pass: removes every leaf entry whose tid is in <paramref name="deadTids"/>
    /// (buffer-tag encoded), one layout-changing record per leaf that changes. Returns entries removed.
    /// </summary>
    public int RemoveEntries(Relation index, HashSet<long> deadTids)
    {
        int removed = 0;
        Span<int> positions = stackalloc int[2048];
        uint block = DescendToLeaf(index, int.MinValue, forInsert: false);
        while (block != IndexPage.NoRightLink)
        {
            int frame = pool.Pin(index.Id, block);
            try
            {
                var page = pool.Page(frame);
                int n = IndexPage.Count(page), count = 0;
                for (int i = n - 1; i >= 0 && count < positions.Length; i--)
                {
                    var tid = IndexPage.TidAt(page, i);
                    if (deadTids.Contains(DeadTidKey(tid))) positions[count++] = i;
                }
                if (count > 0)
                {
                    var rec = logger.Builder.Begin(RecordType.IndexVacuum, 0);
                    rec.AddBlock(index.Id, block, frame, willInit: false).IdxDelete(positions[..count]);
                    logger.Log(rec);
                    removed += count;
                }
                block = IndexPage.RightLink(page);
            }
            finally
            {
                pool.Unpin(frame);
            }
        }
        return removed;
    }

    /// <summary>The key under which vacuum collects a dead heap tid.</summary>
    public static long DeadTidKey(Tid tid) => BufferPool.Tag(0, tid.Block) | ((long)tid.Item << 40);

    private ReadOnlySpan<byte> Entry(int i) => _entries.AsSpan(i * IndexPage.TupleSize, IndexPage.TupleSize);

    private void AddRoot(Relation index, uint left, uint right, int sepKey, int level)
    {
        uint rootBlock = store.Extend(index.Id);
        int rootFrame = pool.PinNew(index.Id, rootBlock);
        var root = pool.Page(rootFrame);
        IndexPage.Init(root, leaf: false, level);
        Span<byte> t = stackalloc byte[IndexPage.TupleSize];
        IndexPage.MakeTuple(t, int.MinValue, left, 0);
        PageOps.InsertItemAt(root, 0, t);
        IndexPage.MakeTuple(t, sepKey, right, 0);
        PageOps.InsertItemAt(root, 1, t);
        _touched.Add((rootBlock, rootFrame));

        int metaFrame = pool.Pin(index.Id, 0);
        var meta = pool.Page(metaFrame);
        BinaryPrimitives.WriteUInt32LittleEndian(meta[IndexPage.MetaRootOffset..], rootBlock);
        BinaryPrimitives.WriteUInt32LittleEndian(meta[IndexPage.MetaLevelsOffset..], (uint)(level + 1));
        _touched.Add((0, metaFrame));
    }

    /// <summary>
    /// Walks from the root to a leaf, remembering the path. For an insert it takes the rightmost
    /// child that may hold the key (new duplicates go after old ones); for a lookup the leftmost,
    /// from where the scan moves right along the leaves.
    /// </summary>
    private uint DescendToLeaf(Relation index, int key, bool forInsert)
    {
        _path.Clear();
        int metaFrame = pool.Pin(index.Id, 0);
        uint block = BinaryPrimitives.ReadUInt32LittleEndian(pool.Page(metaFrame)[IndexPage.MetaRootOffset..]);
        pool.Unpin(metaFrame);
        while (true)
        {
            int frame = pool.Pin(index.Id, block);
            var page = pool.Page(frame);
            if (PageHeader.Of(page).Kind != PageKind.IndexInner)
            {
                pool.Unpin(frame);
                return block;
            }
            int bound = forInsert ? IndexPage.UpperBound(page, key, 1) : IndexPage.LowerBound(page, key, 1);
            int child = bound - 1;
            _path.Add((block, child));
            uint next = IndexPage.PointerAt(page, child);
            pool.Unpin(frame);
            block = next;
        }
    }
}
