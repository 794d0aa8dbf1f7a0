using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TornPages.Engine.Pages;

/// <summary>
/// The 24-byte header in front of every heap tuple, sized as PostgreSQL's so tuple and page counts match.
/// <code>
///  0      4      8            12          14         16       18     19     20
///  +------+------+------------+-----------+----------+--------+------+------+----------+
///  | xmin | xmax | ctid block | ctid item | infomask | natts  | hoff | resv | reserved |
///  +------+------+------------+-----------+----------+--------+------+------+----------+
/// </code>
/// A version is live while <see cref="Xmax"/> is zero. An update sets xmax and points ctid at the
/// new version; a HOT update (new version on the same page, no index change) also sets
/// <see cref="HeapInfo.HotUpdated"/> here and <see cref="HeapInfo.HeapOnly"/> on the new version.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct HeapTupleHeader
{
    public const int Size = 24;

    [FieldOffset(0)] public uint Xmin;
    [FieldOffset(4)] public uint Xmax;
    [FieldOffset(8)] public uint CtidBlock;
    [FieldOffset(12)] public ushort CtidItem;
    [FieldOffset(14)] public HeapInfo Infomask;
    [FieldOffset(16)] public ushort Natts;
    [FieldOffset(18)] public byte Hoff;

    public static ref HeapTupleHeader At(Span<byte> page, int offset)
    {
        CheckWithin(page.Length, offset);
        return ref Unsafe.As<byte, HeapTupleHeader>(ref Unsafe.Add(ref MemoryMarshal.GetReference(page), offset));
    }

    /// <summary>The header of the tuple at <paramref name="offset"/>; one bounds check (HOT chain walks and pruning read many).</summary>
    public static ref readonly HeapTupleHeader At(ReadOnlySpan<byte> page, int offset)
    {
        CheckWithin(page.Length, offset);
        return ref Unsafe.As<byte, HeapTupleHeader>(ref Unsafe.Add(ref MemoryMarshal.GetReference(page), offset));
    }

    private static void CheckWithin(int pageLength, int offset)
    {
        if ((uint)offset > (uint)(pageLength - Size))
            throw new ArgumentOutOfRangeException(nameof(offset), $"a tuple header at {offset} does not fit a {pageLength}-byte page");
    }
}

[Flags]
public enum HeapInfo : ushort
{
    None = 0,
    HotUpdated = 1,
    HeapOnly = 2,
    /// <summary>xmax only locks the version (an update about to move the row to another page holds it so); it does not replace it.</summary>
    XmaxLockOnly = 4,
}
