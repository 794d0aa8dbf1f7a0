namespace TornPages.Engine.Heap;

/// <summary>
/// Free bytes per heap page, kept in memory only (as PostgreSQL's FSM, it is a hint, not WAL-logged:
/// after a restart it starts empty and fills as pages are touched). Like PostgreSQL's, it is a tree
/// of maxima over the pages, so a search costs the height of the tree, not the size of the table:
/// a table whose pages are all full answers "none" at once.
/// </summary>
public sealed class FreeSpaceMap(int relations)
{
    private readonly Tree[] _trees = Enumerable.Range(0, relations).Select(_ => new Tree()).ToArray();
    private readonly int[] _hint = new int[relations];

    public void Set(byte rel, uint block, int free) => _trees[rel].Set((int)block, (ushort)Math.Clamp(free, 0, ushort.MaxValue));

    /// <summary>The free bytes recorded for a page (0 when nothing is known).</summary>
    public int Get(byte rel, uint block) => _trees[rel].Get((int)block);

    /// <summary>
    /// A page other than <paramref name="exclude"/> with at least <paramref name="need"/> free bytes, or -1:
    /// the first such page at or after the last page found, wrapping around to the start.
    /// </summary>
    public long Find(byte rel, int need, uint exclude)
    {
        var t = _trees[rel];
        int n = t.Count;
        if (n == 0) return -1;
        int start = _hint[rel] % n;
        // The page found last usually has room still (inserts fill it in turn): the answer without a descent.
        if (t.Get(start) >= need && (uint)start != exclude) return start;
        int b = FirstFrom(t, start, n, need, exclude);
        if (b < 0) b = FirstFrom(t, 0, start, need, exclude);
        if (b >= 0) _hint[rel] = b;
        return b;
    }

    private static int FirstFrom(Tree t, int lo, int hi, int need, uint exclude)
    {
        int b = t.First(lo, hi, need);
        if (b >= 0 && (uint)b == exclude) b = t.First(b + 1, hi, need);
        return b;
    }

    /// <summary>A max segment tree over one relation's pages; leaves from <see cref="_leaves"/> on.</summary>
    private sealed class Tree
    {
        private ushort[] _max = new ushort[2 * 1024];
        private int _leaves = 1024;

        /// <summary>Pages known: one past the highest page ever set.</summary>
        public int Count { get; private set; }

        public int Get(int block) => block < Count ? _max[_leaves + block] : 0;

        public void Set(int block, ushort free)
        {
            if (block >= _leaves) Grow(block + 1);
            if (block >= Count) Count = block + 1;
            int i = _leaves + block;
            _max[i] = free;
            for (i >>= 1; i >= 1; i >>= 1)
            {
                ushort m = Math.Max(_max[2 * i], _max[2 * i + 1]);
                if (_max[i] == m) break;
                _max[i] = m;
            }
        }

        /// <summary>The first page in [lo, hi) with at least <paramref name="need"/> free bytes, or -1.</summary>
        public int First(int lo, int hi, int need) => lo >= hi ? -1 : First(1, 0, _leaves, lo, hi, need);

        private int First(int node, int nodeLo, int nodeHi, int lo, int hi, int need)
        {
            if (nodeHi <= lo || nodeLo >= hi || _max[node] < need) return -1;
            if (nodeHi - nodeLo == 1) return nodeLo;
            int mid = (nodeLo + nodeHi) >> 1;
            int r = First(2 * node, nodeLo, mid, lo, hi, need);
            return r >= 0 ? r : First(2 * node + 1, mid, nodeHi, lo, hi, need);
        }

        private void Grow(int atLeast)
        {
            int leaves = _leaves;
            while (leaves < atLeast) leaves *= 2;
            var max = new ushort[2 * leaves];
            Array.Copy(_max, _leaves, max, leaves, _leaves);
            for (int i = leaves - 1; i >= 1; i--) max[i] = Math.Max(max[2 * i], max[2 * i + 1]);
            _max = max;
            _leaves = leaves;
        }
    }
}
