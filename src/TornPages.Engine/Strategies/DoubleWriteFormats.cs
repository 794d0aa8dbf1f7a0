using System.Runtime.InteropServices;
using TornPages.Engine.Pages;

namespace TornPages.Engine.Strategies;

/// <summary>
/// The header page of a double-write batch (<see cref="DoubleWriteSmallPath"/>): which page each
/// slot after it holds. The file is this page followed by the slots, rewritten from offset 0 by
/// every batch.
/// <code>
///  0       4       8         16                                                  page size - 4
///  +-------+-------+---------+------------------------------------------+-------+-----+
///  | magic | count | batch   | page id (8 bytes) x count, slot order    | zero  | crc |
///  +-------+-------+---------+------------------------------------------+-------+-----+
///  file:  | header page | slot 0 | slot 1 | ... | slot count-1 |
/// </code>
/// The crc is CRC32C of the header page up to it.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct DoubleWriteBatchHeader
{
    public const int Size = 16;
    public const uint MagicValue = 0x42574453; // "SDWB"
    public const int CrcSize = sizeof(uint);

    [FieldOffset(0)] public uint Magic;
    [FieldOffset(4)] public int Count;
    [FieldOffset(8)] public ulong Batch;

    /// <summary>How many slots one header page of <paramref name="pageSize"/> bytes can name.</summary>
    public static int MaxSlots(int pageSize) => (pageSize - Size - CrcSize) / PageId.Size;

    /// <summary>The page ids, slot by slot, in a header page.</summary>
    public static Span<PageId> Ids(Span<byte> headerPage, int count) =>
        MemoryMarshal.Cast<byte, PageId>(headerPage.Slice(Size, count * PageId.Size));

    public static ReadOnlySpan<PageId> Ids(ReadOnlySpan<byte> headerPage, int count) =>
        MemoryMarshal.Cast<byte, PageId>(headerPage.Slice(Size, count * PageId.Size));

    /// <summary>Where the crc sits: the last bytes of the header page.</summary>
    public static int CrcOffset(int pageSize) => pageSize - CrcSize;
}

/// <summary>
/// The header in front of each page copy in the cycle double-write file (<see cref="DoubleWriteCyclePath"/>).
/// Entries are appended from offset 0 each checkpoint cycle; the header area is 512 bytes so that
/// every copy starts sector-aligned.
/// <code>
///  0       4                 12       20    24                      512               512 + page size
///  +-------+-----------------+--------+-----+-----------------------+-----------------+
///  | magic | page id         | cycle  | crc | zero                  | page copy       |
///  +-------+-----------------+--------+-----+-----------------------+-----------------+
/// </code>
/// The cycle is the redo LSN of the checkpoint that began the cycle: an entry from an older cycle
/// is never restored. The crc is CRC32C of the 20 bytes before it.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct DoubleWriteEntryHeader
{
    public const int Size = 24;
    public const int AreaSize = 512;
    public const uint MagicValue = 0x4C574443; // "CDWL"
    public const int CrcOffset = 20;

    [FieldOffset(0)] public uint Magic;
    [FieldOffset(4)] public PageId Page;
    [FieldOffset(12)] public ulong Cycle;
    [FieldOffset(20)] public uint Crc;
}
