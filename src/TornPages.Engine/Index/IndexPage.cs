using System.Buffers.Binary;
using TornPages.Engine.Heap;
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
/// Block 0 of every index is the meta page: root block and number of levels at the header's end.
/// </summary>
public static class IndexPage
{
    public const int TupleSize = 16;
    public const int SpecialSize = 16;
    public const uint NoRightLink = uint.MaxValue;
    public const int MetaRootOffset = PageHeader.Size;
    public const int MetaLevelsOffset = PageHeader.Size + 4;

    public static int Count(ReadOnlySpan<byte> page) => LinePointer.Count(page);

    public static int KeyAt(ReadOnlySpan<byte> page, int i) =>
        BinaryPrimitives.ReadInt32LittleEndian(page[LinePointer.Get(page, i).Offset..]);

    public static uint PointerAt(ReadOnlySpan<byte> page, int i) =>
        BinaryPrimitives.ReadUInt32LittleEndian(page[(LinePointer.Get(page, i).Offset + 4)..]);

    public static Tid TidAt(ReadOnlySpan<byte> page, int i)
    {
        int off = LinePointer.Get(page, i).Offset;
        return new Tid(BinaryPrimitives.ReadUInt32LittleEndian(page[(off + 4)..]),
            BinaryPrimitives.ReadUInt16LittleEndian(page[(off + 8)..]));
    }

    public static void MakeTuple(Span<byte> t, int key, uint block, ushort item)
    {
        t[..TupleSize].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(t, key);
        BinaryPrimitives.WriteUInt32LittleEndian(t[4..], block);
        BinaryPrimitives.WriteUInt16LittleEndian(t[8..], item);
    }

    public static uint RightLink(ReadOnlySpan<byte> page) =>
        BinaryPrimitives.ReadUInt32LittleEndian(page[(page.Length - SpecialSize)..]);

    public static void SetRightLink(Span<byte> page, uint block) =>
        BinaryPrimitives.WriteUInt32LittleEndian(page[(page.Length - SpecialSize)..], block);

    public static int Level(ReadOnlySpan<byte> page) =>
        BinaryPrimitives.ReadUInt16LittleEndian(page[(page.Length - SpecialSize + 4)..]);

    public static void SetLevel(Span<byte> page, int level) =>
        BinaryPrimitives.WriteUInt16LittleEndian(page[(page.Length - SpecialSize + 4)..], (ushort)level);

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
