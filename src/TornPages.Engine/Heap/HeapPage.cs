using TornPages.Engine.Pages;

namespace TornPages.Engine.Heap;

/// <summary>
/// The slotted heap page.
/// <code>
///  +----------------+------+------+------+-----------------------------------+
///  | PageHeader     | lp 0 | lp 1 | lp 2 | ...  free space  ...               |
///  +----------------+------+------+------+-----------------------------------+
///  |                                 ^ lower                  upper v         |
///  |    ...            +--------------+-------------------+-------------------+
///  |                   | tuple 2      | tuple 1           | tuple 0           |
///  +-------------------+--------------+-------------------+-------------------+
///                                                                  ^ special = page size
/// </code>
/// Line pointers grow up from the header, tuples (8-byte aligned) grow down from the end.
/// </summary>
public static class HeapPage
{
    /// <summary>Where an item of <paramref name="length"/> bytes would go: the first unused pointer (or a new one) and storage below upper.</summary>
    public static bool TryPlace(ReadOnlySpan<byte> page, int length, out int lp, out int offset, out int lower, out int upper)
    {
        ref readonly var h = ref PageHeader.Of(page);
        offset = upper = h.Upper - PageOps.MaxAlign(length);
        if (offset < h.Lower)
        {
            // No room even in a reused pointer: no need to look for one.
            lp = -1;
            lower = h.Lower;
            return false;
        }
        int n = LinePointer.Count(page);
        lp = LinePointer.FirstUnused(page, n);
        lower = lp == n ? h.Lower + LinePointer.Size : h.Lower;
        return offset >= lower;
    }

    /// <summary>Free bytes for a new item, counting the line pointer it may need.</summary>
    public static int FreeForItem(ReadOnlySpan<byte> page) =>
        Math.Max(0, PageOps.FreeSpace(page) - LinePointer.Size);

    public static int TupleSize(int payload) => HeapTupleHeader.Size + payload;

    public static int Need(int payload) => PageOps.MaxAlign(TupleSize(payload)) + LinePointer.Size;
}
