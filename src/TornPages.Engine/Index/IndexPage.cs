using System.Runtime.InteropServices;
using TornPages.Engine.Pages;

namespace TornPages.Engine.Index;

/// <summary>
/// B-tree pages are slotted pages whose line pointers are kept sorted by key. Every entry is a
/// 16-byte index tuple (sized as PostgreSQL's int4 index tuple); a leaf entry points at a heap
/// tuple, an inner entry at a child page, and an inner page's first entry stands for minus infinity.
/// <code>
///  index tuple:  0      4              8             10      12         16
///                +------+--------------+-------------+-------+----------+
///                | key  | block/child  | heap item   | flags | padding  |
///                +------+--------------+-------------+-------+----------+
///  special space (last 16 bytes of the page):
///                +------------+-------+-------+------------+
///                | right link | level | flags | reserved   |
///                +------------+-------+-------+------------+
/// </code>
///  meta page (block 0 of every index), just past the page header:
///                +------------+--------+
///                | root block | levels |
///                +------------+--------+
/// </summary>
public static class IndexPage
{
    public const int TupleSize = IndexTuple.Size;
    public const int SpecialSize = IndexSpecial.Size;
    public const uint NoRightLink = uint.MaxValue;

    public static int Count(ReadOnlySpan<byte> page) => LinePointer.Count(page);

    private static ref readonly IndexTuple TupleAt(ReadOnlySpan<byte> page, int i) =>
        ref MemoryMarshal.AsRef<IndexTuple>(page.Slice(LinePointer.Get(page, i).Offset, IndexTuple.Size));

    public static int KeyAt(ReadOnlySpan<byte> page, int i) => TupleAt(page, i).Key;

    public static uint PointerAt(ReadOnlySpan<byte> page, int i) => TupleAt(page, i).Block;

    public static Tid TidAt(ReadOnlySpan<byte> page, int i)
    {
        ref readonly var t = ref TupleAt(page, i);
        return new Tid(t.Block, t.Item);
    }

    public static void MakeTuple(Span<byte> t, int key, uint block, ushort item) =>
        MemoryMarshal.Write(t, new IndexTuple { Key = key, Block = block, Item = item });

    private static ref IndexSpecial Special(Span<byte> page) => ref MemoryMarshal.AsRef<IndexSpecial>(page[^IndexSpecial.Size..]);
    private static ref readonly IndexSpecial Special(ReadOnlySpan<byte> page) => ref MemoryMarshal.AsRef<IndexSpecial>(page[^IndexSpecial.Size..]);

    public static uint RightLink(ReadOnlySpan<byte> page) => Special(page).RightLink;

    public static void SetRightLink(Span<byte> page, uint block) => Special(page).RightLink = block;

    public static int Level(ReadOnlySpan<byte> page) => Special(page).Level;

    public static void SetLevel(Span<byte> page, int level) => Special(page).Level = (ushort)level;

    /// <summary>The meta page's contents (block 0 of every index), just past its page header.</summary>
    public static ref IndexMeta Meta(Span<byte> page) => ref MemoryMarshal.AsRef<IndexMeta>(page.Slice(PageHeader.Size, IndexMeta.Size));

    public static ref readonly IndexMeta Meta(ReadOnlySpan<byte> page) => ref MemoryMarshal.AsRef<IndexMeta>(page.Slice(PageHeader.Size, IndexMeta.Size));

    public static bool HasRoom(ReadOnlySpan<byte> page) =>
        PageOps.FreeSpace(page) >= TupleSize + LinePointer.Size;

    /// <summary>An empty leaf or inner page in <paramref name="page"/>.</summary>
    public static void Init(Span<byte> page, bool leaf, int level)
    {
        page.Clear();
        ref var h = ref PageHeader.Of(page);
        h.Kind = leaf ? PageKind.IndexLeaf : PageKind.IndexInner;
        h.Lower = PageHeader.Size;
        h.Upper = h.Special = (ushort)(page.Length - SpecialSize);
        SetRightLink(page, NoRightLink);
        SetLevel(page, level);
    }

    /// <summary>First position whose key is greater than <paramref name="key"/> (where a new duplicate goes: after the others).</summary>
    public static int UpperBound(ReadOnlySpan<byte> page, int key, int from = 0)
    {
        int lo = from, hi = Count(page);
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (KeyAt(page, mid) <= key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>First position whose key is not less than <paramref name="key"/>.</summary>
    public static int LowerBound(ReadOnlySpan<byte> page, int key, int from = 0)
    {
        int lo = from, hi = Count(page);
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (KeyAt(page, mid) < key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}

/// <summary>An index tuple (the picture on <see cref="IndexPage"/>): a key and where it points.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct IndexTuple
{
    public const int Size = 16;
    [FieldOffset(0)] public int Key;
    /// <summary>The heap block on a leaf, the child page on an inner page.</summary>
    [FieldOffset(4)] public uint Block;
    /// <summary>The heap line pointer on a leaf; zero on an inner page.</summary>
    [FieldOffset(8)] public ushort Item;
    [FieldOffset(10)] public ushort Flags;
}

/// <summary>The special space at the end of every leaf and inner page.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct IndexSpecial
{
    public const int Size = 16;
    [FieldOffset(0)] public uint RightLink;
    [FieldOffset(4)] public ushort Level;
    [FieldOffset(6)] public ushort Flags;
}

/// <summary>The meta page's contents: where the root is and how many levels the tree has.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct IndexMeta
{
    public const int Size = 8;
    [FieldOffset(0)] public uint Root;
    [FieldOffset(4)] public uint Levels;
}
