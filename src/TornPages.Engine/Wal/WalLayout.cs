using System.Runtime.InteropServices;

namespace TornPages.Engine.Wal;

/// <summary>
/// WAL addressing. An LSN is a byte position in the endless WAL stream; the stream is cut into
/// 8 KB WAL pages, each starting with a <see cref="WalPageHeader"/>, and into 16 MB segment files.
/// A record starts 8-byte aligned and never inside a page header; it may span pages and segments.
/// </summary>
public static class WalLayout
{
    public const int PageSize = 8192;
    public const long SegmentSize = 16L << 20;
    public const uint PageMagic = 0x4C415754; // "TWAL"
    public const int MaxRecordLength = 1 << 20;

    public static ulong PageStart(ulong lsn) => lsn - lsn % PageSize;
    public static ulong Segment(ulong lsn) => lsn / (ulong)SegmentSize;
    public static long OffsetInSegment(ulong lsn) => (long)(lsn % (ulong)SegmentSize);
    public static string SegmentName(ulong segment) => $"wal_{segment:X16}";

    public static bool TryParseSegmentName(string name, out ulong segment)
    {
        segment = 0;
        return name.StartsWith("wal_", StringComparison.Ordinal) && name.Length == 20 &&
               ulong.TryParse(name.AsSpan(4), System.Globalization.NumberStyles.HexNumber, null, out segment);
    }

    /// <summary>Where a record written at <paramref name="lsn"/> actually starts: 8-aligned and past any page header.</summary>
    public static ulong RecordStart(ulong lsn)
    {
        lsn = (lsn + 7) & ~7UL;
        return lsn % PageSize == 0 ? lsn + WalPageHeader.Size : lsn;
    }

    /// <summary>The first LSN of the stream: just past the first page header.</summary>
    public const ulong FirstLsn = WalPageHeader.Size;
}

/// <summary>
/// Header of each 8 KB WAL page. <see cref="PageAddress"/> is the page's own LSN, so a page left
/// over from a recycled segment (which carries an older address) marks the end of valid WAL.
/// <see cref="ContinuationLength"/> is how many bytes of a record begun on an earlier page remain
/// when this page starts (0 when a record starts right after the header), as PostgreSQL's
/// xlp_rem_len: with it a reader finds the first record that starts in any page.
/// <code>
///  0       4         6       8              16                    20         24
///  +-------+---------+-------+--------------+---------------------+----------+
///  | magic | version | flags | page address | continuation length | reserved |
///  +-------+---------+-------+--------------+---------------------+----------+
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct WalPageHeader
{
    public const int Size = 24;
    [FieldOffset(0)] public uint Magic;
    [FieldOffset(4)] public ushort Version;
    [FieldOffset(6)] public ushort Flags;
    [FieldOffset(8)] public ulong PageAddress;
    [FieldOffset(16)] public uint ContinuationLength;
    [FieldOffset(20)] public uint Reserved;
}

/// <summary>
/// Header of each WAL record (24 bytes, as PostgreSQL's).
/// <code>
///  0        4     8          16     17       18      20    24
///  +--------+-----+----------+------+--------+-------+-----+---------------------------------+
///  | length | xid | prev LSN | type | blocks | epoch | crc | block refs ... | main data       |
///  +--------+-----+----------+------+--------+-------+-----+---------------------------------+
/// </code>
/// <see cref="Crc"/> is CRC32C of the whole record with the crc field left out. <see cref="Prev"/>
/// is the start of the previous record and <see cref="Epoch"/> the number of the engine start that
/// wrote it: the reader accepts a record only if both continue the chain, so a record left over
/// from before a crash at a position the new chain happens to reach is never replayed.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct WalRecordHeader
{
    public const int Size = 24;
    public const int CrcOffset = 20;
    [FieldOffset(0)] public uint Length;
    [FieldOffset(4)] public uint Xid;
    [FieldOffset(8)] public ulong Prev;
    [FieldOffset(16)] public RecordType Type;
    [FieldOffset(17)] public byte BlockCount;
    [FieldOffset(18)] public ushort Epoch;
    [FieldOffset(20)] public uint Crc;
}

/// <summary>
/// A reference from a record to one page (12 bytes), followed by the optional full-page image
/// (<see cref="ImageLength"/> bytes, the hole between lower and upper left out at <see cref="HoleOffset"/>)
/// and then <see cref="DataLength"/> bytes of page ops.
/// <code>
///  0     1       2           4        8             10            12
///  +-----+-------+-----------+--------+-------------+-------------+
///  | rel | flags | data len  | block  | image len   | hole offset |
///  +-----+-------+-----------+--------+-------------+-------------+
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct BlockRefHeader
{
    public const int Size = 12;
    [FieldOffset(0)] public byte Rel;
    [FieldOffset(1)] public BlockFlags Flags;
    [FieldOffset(2)] public ushort DataLength;
    [FieldOffset(4)] public uint Block;
    [FieldOffset(8)] public ushort ImageLength;
    [FieldOffset(10)] public ushort HoleOffset;
}

[Flags]
public enum BlockFlags : byte
{
    None = 0,
    HasImage = 1,
    /// <summary>The block's ops define the whole page (they start with Init or Overwrite): no image is ever needed.</summary>
    WillInit = 2,
}
