namespace TornPages.Engine.Buffers;

/// <summary>
/// Which frame holds (relation, block): one array per relation indexed by block number, so a lookup
/// is two array reads, not a hash. Entries hold frame + 1 (0: not in the pool). Memory: 4 bytes per
/// block of the largest block number seen per relation (scale 100's accounts: 0.7 MB).
/// </summary>
internal sealed class BlockFrameMap
{
    private readonly int[][] _byRel = new int[256][];

    public int Get(byte rel, uint block)
    {
        var a = _byRel[rel];
        return a != null && block < (uint)a.Length ? a[block] - 1 : -1;
    }

    public void Set(byte rel, uint block, int frame)
    {
        var a = _byRel[rel];
        if (a == null || block >= (uint)a.Length)
        {
            long size = Math.Max(1024, Math.Max(block + 1L, (a?.Length ?? 0) * 2L));
            if (size > Array.MaxLength) throw new InvalidOperationException($"block {block} is past what the buffer map can address");
            Array.Resize(ref a, (int)size);
            _byRel[rel] = a;
        }
        a[block] = frame + 1;
    }

    public void Remove(byte rel, uint block)
    {
        var a = _byRel[rel];
        if (a != null && block < (uint)a.Length) a[block] = 0;
    }

    public void Clear()
    {
        foreach (var a in _byRel)
            if (a != null) Array.Clear(a);
    }
}
