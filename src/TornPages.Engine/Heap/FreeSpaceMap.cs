namespace TornPages.Engine.Heap;

/// <summary>
/// Free bytes per heap page, kept in memory only (as PostgreSQL's FSM, it is a hint, not WAL-logged:
/// after a restart it starts empty and fills as pages are touched).
/// </summary>
public sealed class FreeSpaceMap(int relations)
{
    private readonly List<ushort>[] _free = Enumerable.Range(0, relations).Select(_ => new List<ushort>()).ToArray();
    private readonly int[] _hint = new int[relations];

    public void Set(byte rel, uint block, int free)
    {
        var l = _free[rel];
        while (l.Count <= block) l.Add(0);
        l[(int)block] = (ushort)Math.Clamp(free, 0, ushort.MaxValue);
    }

    /// <summary>A page other than <paramref name="exclude"/> with at least <paramref name="need"/> free bytes, or -1.</summary>
    public long Find(byte rel, int need, uint exclude)
    {
        var l = _free[rel];
        int n = l.Count;
        if (n == 0) return -1;
        int start = _hint[rel] % n;
        for (int k = 0; k < n; k++)
        {
            int b = (start + k) % n;
            if (b != exclude && l[b] >= need)
            {
                _hint[rel] = b;
                return b;
            }
        }
        return -1;
    }
}
