using System.Runtime.InteropServices;
using TornPages.Engine.Buffers;
using TornPages.Engine.Files;
using TornPages.Engine.Pages;
using TornPages.Engine.Wal;

namespace TornPages.Engine.Index;

/// <summary>
/// Primary-key B-trees over an int4 key. Duplicates of a key exist while old versions are not yet
/// vacuumed (a non-HOT update adds an entry for the new version); a lookup scans them all
/// (<see cref="Scan"/>) and the heap decides which one leads to a live version. A simple insert is logged as an item insert into the
/// leaf (layout-changing: it shifts the sorted line pointers); a split is logged as the full new
/// contents of every page it rewrites.
/// </summary>
public sealed class BTree(BufferPool pool, PageStore store, PageLogger logger)
{
    private readonly byte[] _tuple = new byte[IndexPage.TupleSize];
    private readonly byte[] _entries = new byte[IndexPage.TupleSize * 4096];
    private readonly List<(uint Block, int Pos)> _path = [];
    private readonly List<(uint Block, int Frame)> _touched = [];
    private readonly List<int> _positions = [];

    public long Splits { get; private set; }

    /// <summary>
    /// The entries of <paramref name="key"/>, in index order, as heap tuple ids: which of them leads
    /// to a visible version is the heap's to decide, not the index's. Dispose the scan when done (it
    /// keeps its current leaf pinned).
    /// </summary>
    public KeyScan Scan(Relation index, int key) =>
        new(pool, index, DescendToLeaf(index, key, forInsert: false), key, store.BlockCount(index.Id));

    /// <summary>A scan over one key's entries, leaf by leaf along the right links; allocates nothing.</summary>
    public struct KeyScan : IDisposable
    {
        private readonly BufferPool _pool;
        private readonly Relation _index;
        private readonly int _key;
        private uint _block;
        private int _frame;
        private int _pos;
        // A chain of right links visits each leaf once at most; more hops than the index has blocks is a loop.
        private uint _hopsLeft;

        internal KeyScan(BufferPool pool, Relation index, uint leaf, int key, uint blocks)
        {
            (_pool, _index, _key, _block, _frame, _pos, _hopsLeft) = (pool, index, key, leaf, -1, 0, blocks);
        }

        /// <summary>The next entry's heap tuple id; false when the key's entries are exhausted.</summary>
        public bool Next(out Tid tid)
        {
            while (_block != IndexPage.NoRightLink)
            {
                if (_frame < 0)
                {
                    if (_hopsLeft-- == 0) throw new CorruptPageException(_index.Name, _block, "is reached again along the leaves' right links");
                    _frame = _pool.Pin(_index.Id, _block);
                    if (PageHeader.Of(_pool.Page(_frame)).Kind != PageKind.IndexLeaf)
                    {
                        _pool.Unpin(_frame);
                        _frame = -1;
                        throw new CorruptPageException(_index.Name, _block, "is reached as a leaf but is not one");
                    }
                    _pos = IndexPage.LowerBound(_pool.Page(_frame), _key);
                }
                var page = _pool.Page(_frame);
                if (_pos < IndexPage.Count(page))
                {
                    if (IndexPage.KeyAt(page, _pos) != _key) break;
                    tid = IndexPage.TidAt(page, _pos++);
                    return true;
                }
                // Duplicates of a key may continue on the right sibling.
                _block = IndexPage.RightLink(page);
                _pool.Unpin(_frame);
                _frame = -1;
            }
            _block = IndexPage.NoRightLink;
            tid = default;
            return false;
        }

        public void Dispose()
        {
            if (_frame >= 0) _pool.Unpin(_frame);
            _frame = -1;
        }
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
                int sepKey = MemoryMarshal.Read<IndexTuple>(Entry(mid)).Key;

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

    /// <summary>An index entry vacuum removes: its key and the dead heap tid it points at.</summary>
    public readonly record struct DeadEntry(int Key, Tid Tid);

    /// <summary>
    /// Vacuum's index pass by key: descends to each dead entry's key and removes the entries whose tid
    /// is dead, one layout-changing record per leaf that changes, leaves in key order, positions
    /// descending (the records a full pass over the leaves writes, for the leaves that change).
    /// Sorts <paramref name="dead"/>. Returns entries removed.
    /// </summary>
    public int RemoveEntries(Relation index, List<DeadEntry> dead)
    {
        dead.Sort(static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Tid.Key(0).CompareTo(b.Tid.Key(0)));
        int removed = 0;
        uint leaf = IndexPage.NoRightLink;
        int leafFrame = -1;
        _positions.Clear();
        try
        {
            for (int i = 0; i < dead.Count;)
            {
                int key = dead[i].Key;
                int j = i;
                while (j < dead.Count && dead[j].Key == key) j++;
                uint block = DescendToLeaf(index, key, forInsert: false);
                // Duplicates of a key may run on across right siblings: follow them.
                while (block != IndexPage.NoRightLink)
                {
                    if (block != leaf)
                    {
                        // FlushLeafDeletes unpins the frame even when it throws: it is not ours to unpin after.
                        int done = leafFrame;
                        leafFrame = -1;
                        removed += FlushLeafDeletes(index, leaf, done);
                        leaf = block;
                        leafFrame = pool.Pin(index.Id, block);
                    }
                    var page = pool.Page(leafFrame);
                    int n = IndexPage.Count(page);
                    int p = IndexPage.LowerBound(page, key);
                    for (; p < n && IndexPage.KeyAt(page, p) == key; p++)
                    {
                        var tid = IndexPage.TidAt(page, p);
                        for (int k = i; k < j; k++)
                            if (dead[k].Tid == tid)
                            {
                                _positions.Add(p);
                                break;
                            }
                    }
                    block = p < n ? IndexPage.NoRightLink : IndexPage.RightLink(page);
                }
                i = j;
            }
            int last = leafFrame;
            leafFrame = -1;
            removed += FlushLeafDeletes(index, leaf, last);
        }
        finally
        {
            if (leafFrame >= 0) pool.Unpin(leafFrame);
        }
        return removed;
    }

    /// <summary>Logs the deletes collected for one leaf (if any) and unpins it.</summary>
    private int FlushLeafDeletes(Relation index, uint block, int frame)
    {
        if (frame < 0) return 0;
        int count = _positions.Count;
        try
        {
            if (count == 0) return 0;
            _positions.Sort(static (a, b) => b.CompareTo(a));
            var rec = logger.Builder.Begin(RecordType.IndexVacuum, 0);
            rec.AddBlock(index.Id, block, frame, willInit: false).IdxDelete(CollectionsMarshal.AsSpan(_positions));
            logger.Log(rec);
            return count;
        }
        finally
        {
            _positions.Clear();
            pool.Unpin(frame);
        }
    }

    /// <summary>
    /// Vacuum's index pass when the keys are not known: reads every leaf and removes every entry
    /// whose tid <paramref name="isDead"/> says is dead, one layout-changing record per leaf that changes.
    /// Returns entries removed.
    /// </summary>
    public int RemoveEntries(Relation index, Func<Tid, bool> isDead)
    {
        int removed = 0;
        uint block = DescendToLeaf(index, int.MinValue, forInsert: false);
        while (block != IndexPage.NoRightLink)
        {
            int frame = pool.Pin(index.Id, block);
            var page = pool.Page(frame);
            for (int i = IndexPage.Count(page) - 1; i >= 0; i--)
                if (isDead(IndexPage.TidAt(page, i))) _positions.Add(i);
            block = IndexPage.RightLink(page);
            removed += FlushLeafDeletes(index, pool.BlockOf(frame), frame);
        }
        return removed;
    }

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
        ref var m = ref IndexPage.Meta(meta);
        m.Root = rootBlock;
        m.Levels = (uint)(level + 1);
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
        var metaPage = pool.Page(metaFrame);
        bool isMeta = PageHeader.Of(metaPage).Kind == PageKind.IndexMeta;
        var meta = IndexPage.Meta(metaPage);
        pool.Unpin(metaFrame);
        if (!isMeta) throw new CorruptPageException(index.Name, 0, "is not the index's meta page");
        uint block = meta.Root, blocks = store.BlockCount(index.Id);
        // A descent passes each level once: the meta page says how many there are.
        for (uint level = 0; ; level++)
        {
            if (block == 0 || block >= blocks || level >= meta.Levels)
                throw new CorruptPageException(index.Name, block, $"is named at level {level} of a {meta.Levels}-level descent but cannot be on it");
            int frame = pool.Pin(index.Id, block);
            var page = pool.Page(frame);
            var kind = PageHeader.Of(page).Kind;
            if (kind != PageKind.IndexInner)
            {
                pool.Unpin(frame);
                if (kind != PageKind.IndexLeaf) throw new CorruptPageException(index.Name, block, "is reached in a descent but is neither an inner page nor a leaf");
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
