using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TornPages.Engine.Pages;

/// <summary>
/// The 24-byte header at the start of every data page (heap, index and meta pages alike).
/// <code>
///  0        8          12      14      16      18        20     21     22
///  +--------+----------+-------+-------+-------+---------+------+------+---------+
///  | LSN    | checksum | flags | lower | upper | special | kind | resv | resv    |
///  +--------+----------+-------+-------+-------+---------+------+------+---------+
/// </code>
/// The checksum is CRC32C of the whole page with this field read as zero, seeded with the block
/// number (<see cref="PageChecksum"/>); it is set only when the page is written out.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct PageHeader
{
    public const int Size = 24;
    public const int ChecksumOffset = 8;

    [FieldOffset(0)] public ulong Lsn;
    [FieldOffset(8)] public uint Checksum;
    [FieldOffset(12)] public ushort Flags;
    /// <summary>End of the line-pointer array: the first free byte.</summary>
    [FieldOffset(14)] public ushort Lower;
    /// <summary>Start of tuple storage: one past the last free byte.</summary>
    [FieldOffset(16)] public ushort Upper;
    /// <summary>Start of the special space (the page size for heap pages).</summary>
    [FieldOffset(18)] public ushort Special;
    [FieldOffset(20)] public PageKind Kind;
    [FieldOffset(21)] public byte Reserved1;
    [FieldOffset(22)] public ushort Reserved2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref PageHeader Of(Span<byte> page) => ref MemoryMarshal.AsRef<PageHeader>(page);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref readonly PageHeader Of(ReadOnlySpan<byte> page) => ref MemoryMarshal.AsRef<PageHeader>(page);
}

public enum PageKind : byte
{
    /// <summary>All zeros: a page that was allocated but never initialised.</summary>
    New = 0,
    Heap = 1,
    IndexLeaf = 2,
    IndexInner = 3,
    IndexMeta = 4,
}
