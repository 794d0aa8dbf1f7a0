using TornPages.Engine.Pages;

namespace TornPages.Engine.Heap;

/// <summary>
/// A set of pages as one bitmap per relation (a bit per block): adding and testing cost a shift and
/// a mask, and a set that holds every page of scale 100's accounts table takes 20 KB, allocated once
/// as the table is first seen to grow, not per page added.
/// </summary>
public sealed class PageSet
{
    private readonly ulong[]?[] _bits = new ulong[]?[256];

    public int Count { get; private set; }

    public bool Contains(byte rel, uint block)
    {
        var b = _bits[rel];
        uint word = block >> 6;
        return b != null && word < (uint)b.Length && (b[word] & (1UL << (int)(block & 63))) != 0;
    }

    /// <summary>Adds the page; returns false when it was there already.</summary>
    public bool Add(byte rel, uint block)
    {
        uint word = block >> 6;
        var b = _bits[rel];
        if (b == null || word >= (uint)b.Length)
        {
            Array.Resize(ref b, (int)Math.Max(word + 1, Math.Max(64, (b?.Length ?? 0) * 2L)));
            _bits[rel] = b;
        }
        ulong mask = 1UL << (int)(block & 63);
        if ((b[word] & mask) != 0) return false;
        b[word] |= mask;
        Count++;
        return true;
    }

    /// <summary>Appends every page, in (relation, block) order.</summary>
    public void CopyTo(List<PageId> pages)
    {
        for (int rel = 0; rel < _bits.Length; rel++)
            if (_bits[rel] is { } b) Append((byte)rel, b, pages);
    }

    /// <summary>Appends the pages of <paramref name="rel"/>, in block order, and removes them from the set.</summary>
    public void Take(byte rel, List<PageId> pages)
    {
        if (_bits[rel] is not { } b) return;
        Append(rel, b, pages);
        foreach (ulong word in b) Count -= System.Numerics.BitOperations.PopCount(word);
        Array.Clear(b);
    }

    private static void Append(byte rel, ulong[] b, List<PageId> pages)
    {
        for (int w = 0; w < b.Length; w++)
            for (ulong bits = b[w]; bits != 0; bits &= bits - 1)
                pages.Add(new PageId(rel, (uint)(w * 64 + System.Numerics.BitOperations.TrailingZeroCount(bits))));
    }

    public void Clear()
    {
        foreach (var b in _bits)
            if (b != null) Array.Clear(b);
        Count = 0;
    }
}
