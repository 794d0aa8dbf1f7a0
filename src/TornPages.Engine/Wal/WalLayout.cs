using TornPages.Engine.Pages;
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
/// <see cref="DurableLag"/> is how far the WAL known durable when the page was last written ends
/// before the end of this page (<see cref="DurableBefore"/>): a crash can cut the WAL only after
/// that point, so a page that claims more durable WAL than a reader finds was written after
/// acknowledged WAL that is now damaged (PostgreSQL has no such field; it cannot tell the two apart).
/// <see cref="Check"/> is the low 16 bits of CRC32C over the other 22 bytes, so a header torn inside
/// its sector (mixing bytes of two writes) is not believed.
/// <code>
///  0       4         6       8              16                    20            24
///  +-------+---------+-------+--------------+---------------------+-------------+
///  | magic | version | check | page address | continuation length | durable lag |
///  +-------+---------+-------+--------------+---------------------+-------------+
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct WalPageHeader
{
    public const int Size = 24;
    [FieldOffset(0)] public uint Magic;
    [FieldOffset(4)] public ushort Version;
    [FieldOffset(6)] public ushort Check;
    [FieldOffset(8)] public ulong PageAddress;
    [FieldOffset(16)] public uint ContinuationLength;
    [FieldOffset(20)] public uint DurableLag;

    /// <summary>The <see cref="Check"/> these header bytes should carry.</summary>
    public static ushort CheckOf(ReadOnlySpan<byte> header) =>
        (ushort)Crc32C.Append(Crc32C.Compute(header[..6]), header[8..Size]);

    /// <summary>The lag for a page written when WAL was durable up to <paramref name="durable"/> (saturates: far behind says nothing).</summary>
    public static uint LagOf(ulong pageAddress, ulong durable) =>
        (uint)Math.Min(uint.MaxValue, pageAddress + WalLayout.PageSize - Math.Min(durable, pageAddress + WalLayout.PageSize));

    /// <summary>The WAL this page says was durable when it was written: everything before this LSN.</summary>
    public readonly ulong DurableBefore => PageAddress + WalLayout.PageSize - Math.Min(DurableLag, PageAddress + WalLayout.PageSize);
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
/// The fixed part of a block reference, as PostgreSQL's XLogRecordBlockHeader. A record's layout:
/// <code>
///  WalRecordHeader (24)
///  per block:  | BlockHeader (4) | [BlockImageHeader (5)] | [RelFileNode (12)] | block (4) | [image] | [data] |
///  then:       | [MainDataHeader: 0xFF, length (1) or 0xFE, length (4)] | [main data]                         |
/// </code>
/// The relation file node is left out when the block is in the same relation as the block before
/// it (<see cref="BlockHeader.SameRel"/>); the data is left out when the block carries an image (the
/// image is the page after the record: replay restores it and applies nothing), as PostgreSQL
/// leaves out a buffer's registered data when it takes a backup block. Every size is PostgreSQL
/// 15's, so record bytes compare with pg_waldump's. <see cref="BlockRefCodec"/> writes and reads it.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct BlockHeader
{
    public const int Size = 4;
    public const byte HasImage = 0x10, HasData = 0x20, WillInit = 0x40, SameRel = 0x80;

    [FieldOffset(0)] public byte Id;
    /// <summary>Fork number (always the main fork, 0) in the low 4 bits, the flags above.</summary>
    [FieldOffset(1)] public byte ForkFlags;
    [FieldOffset(2)] public ushort DataLength;
}

/// <summary>
/// The image part of a block reference, as PostgreSQL's XLogRecordBlockImageHeader: the image's
/// length, where the hole between lower and upper was cut out (the page size less the length is
/// the hole's), and flags (always <see cref="Apply"/>: replay restores every image). A compressed
/// image (<see cref="CompressLz4"/>, <see cref="CompressZstd"/>) that had a hole (<see cref="HasHole"/>)
/// is followed by the hole's length (2 bytes, XLogRecordBlockCompressHeader), as its own length no
/// longer tells it.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct BlockImageHeader
{
    public const int Size = 5;
    public const byte HasHole = 0x01, Apply = 0x02, CompressLz4 = 0x08, CompressZstd = 0x10;
    public const byte Compressed = CompressLz4 | CompressZstd;

    /// <summary>Bytes of the hole length that follows the header of a compressed image with a hole.</summary>
    public const int CompressHeaderSize = 2;

    [FieldOffset(0)] public ushort Length;
    [FieldOffset(2)] public ushort HoleOffset;
    [FieldOffset(4)] public byte Info;
}

/// <summary>
/// A block's relation as PostgreSQL names it (tablespace, database, relation file number). The
/// engine has one tablespace and one database, written as PostgreSQL's first ones (1663, 5); the
/// relation is the catalog's id.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct RelFileNode
{
    public const int Size = 12;
    public const uint DefaultTablespace = 1663, DefaultDatabase = 5;

    [FieldOffset(0)] public uint Tablespace;
    [FieldOffset(4)] public uint Database;
    [FieldOffset(8)] public uint Relation;
}

/// <summary>A block reference as decoded: relation, block, flags, and the lengths of its image and data.</summary>
/// <param name="ImageInfo">The image's compression flags (<see cref="BlockImageHeader.Compressed"/>, with <see cref="BlockImageHeader.HasHole"/>); 0 for an image stored as it is.</param>
/// <param name="HoleLength">The hole's length when the image is compressed; unused otherwise (the page size less the image's length).</param>
public readonly record struct BlockRefHeader(byte Rel, BlockFlags Flags, ushort DataLength, uint Block, ushort ImageLength, ushort HoleOffset,
    byte ImageInfo = 0, ushort HoleLength = 0)
{
    public bool HasCompressHeader => (ImageInfo & BlockImageHeader.Compressed) != 0 && (ImageInfo & BlockImageHeader.HasHole) != 0;
}

[Flags]
public enum BlockFlags : byte
{
    None = 0,
    HasImage = 1,
    /// <summary>The block's ops define the whole page (they start with Init or Overwrite): no image is ever needed.</summary>
    WillInit = 2,
}

/// <summary>The one writer and reader of block references and the main-data header (layout on <see cref="BlockHeader"/>).</summary>
public static class BlockRefCodec
{
    public const byte MainDataShort = 0xFF, MainDataLong = 0xFE;

    /// <summary>Bytes of a block reference's headers (not its image or data).</summary>
    public static int HeaderLength(bool hasImage, bool sameRel, bool compressHeader = false) =>
        BlockHeader.Size + (hasImage ? BlockImageHeader.Size : 0) + (compressHeader ? BlockImageHeader.CompressHeaderSize : 0) +
        (sameRel ? 0 : RelFileNode.Size) + sizeof(uint);

    /// <summary>Bytes of the main-data header for <paramref name="mainLength"/> bytes of main data.</summary>
    public static int MainHeaderLength(int mainLength) => mainLength == 0 ? 0 : mainLength <= byte.MaxValue ? 2 : 5;

    /// <summary>Writes block <paramref name="id"/>'s headers; returns their length.</summary>
    public static int Write(Span<byte> s, int id, in BlockRefHeader b, bool sameRel)
    {
        bool image = (b.Flags & BlockFlags.HasImage) != 0;
        byte flags = (byte)((image ? BlockHeader.HasImage : 0) | (b.DataLength > 0 ? BlockHeader.HasData : 0) |
                            ((b.Flags & BlockFlags.WillInit) != 0 ? BlockHeader.WillInit : 0) | (sameRel ? BlockHeader.SameRel : 0));
        MemoryMarshal.Write(s, new BlockHeader { Id = (byte)id, ForkFlags = flags, DataLength = b.DataLength });
        int p = BlockHeader.Size;
        if (image)
        {
            MemoryMarshal.Write(s[p..], new BlockImageHeader { Length = b.ImageLength, HoleOffset = b.HoleOffset, Info = (byte)(BlockImageHeader.Apply | b.ImageInfo) });
            p += BlockImageHeader.Size;
            if (b.HasCompressHeader)
            {
                MemoryMarshal.Write(s[p..], b.HoleLength);
                p += BlockImageHeader.CompressHeaderSize;
            }
        }
        if (!sameRel)
        {
            MemoryMarshal.Write(s[p..], new RelFileNode { Tablespace = RelFileNode.DefaultTablespace, Database = RelFileNode.DefaultDatabase, Relation = b.Rel });
            p += RelFileNode.Size;
        }
        MemoryMarshal.Write(s[p..], b.Block);
        return p + sizeof(uint);
    }

    /// <summary>Reads the block reference at <paramref name="p"/> (which moves past its headers); false when it does not fit or is not one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ref int p, byte previousRel, out BlockRefHeader b)
    {
        b = default;
        if (s.Length - p < BlockHeader.Size) return false;
        var h = MemoryMarshal.Read<BlockHeader>(s[p..]);
        if (h.Id >= MainDataLong) return false;
        bool image = (h.ForkFlags & BlockHeader.HasImage) != 0, sameRel = (h.ForkFlags & BlockHeader.SameRel) != 0;
        if (s.Length - p < HeaderLength(image, sameRel)) return false;
        p += BlockHeader.Size;
        var ih = default(BlockImageHeader);
        ushort holeLength = 0;
        if (image)
        {
            ih = MemoryMarshal.Read<BlockImageHeader>(s[p..]);
            p += BlockImageHeader.Size;
            if ((ih.Info & BlockImageHeader.Compressed) != 0 && (ih.Info & BlockImageHeader.HasHole) != 0)
            {
                if (s.Length - p < BlockImageHeader.CompressHeaderSize + HeaderLength(false, sameRel) - BlockHeader.Size) return false;
                holeLength = MemoryMarshal.Read<ushort>(s[p..]);
                p += BlockImageHeader.CompressHeaderSize;
            }
        }
        byte rel = previousRel;
        if (!sameRel)
        {
            uint r = MemoryMarshal.Read<RelFileNode>(s[p..]).Relation;
            if (r > byte.MaxValue) return false;
            rel = (byte)r;
            p += RelFileNode.Size;
        }
        uint block = MemoryMarshal.Read<uint>(s[p..]);
        p += sizeof(uint);
        var flags = (image ? BlockFlags.HasImage : 0) | ((h.ForkFlags & BlockHeader.WillInit) != 0 ? BlockFlags.WillInit : 0);
        b = new BlockRefHeader(rel, flags, h.DataLength, block, ih.Length, ih.HoleOffset,
            (byte)(ih.Info & (BlockImageHeader.Compressed | BlockImageHeader.HasHole)), holeLength);
        return true;
    }

    /// <summary>Writes the main-data header for <paramref name="mainLength"/> bytes; returns its length.</summary>
    public static int WriteMainHeader(Span<byte> s, int mainLength)
    {
        if (mainLength == 0) return 0;
        if (mainLength <= byte.MaxValue)
        {
            s[0] = MainDataShort;
            s[1] = (byte)mainLength;
            return 2;
        }
        s[0] = MainDataLong;
        MemoryMarshal.Write(s[1..], (uint)mainLength);
        return 5;
    }

    /// <summary>Reads a main-data header at <paramref name="p"/>; false when the bytes there are not one.</summary>
    public static bool TryReadMainHeader(ReadOnlySpan<byte> s, ref int p, out int mainLength)
    {
        mainLength = 0;
        if (p >= s.Length) return true;
        if (s[p] == MainDataShort && s.Length - p >= 2)
        {
            mainLength = s[p + 1];
            p += 2;
        }
        else if (s[p] == MainDataLong && s.Length - p >= 5)
        {
            mainLength = (int)MemoryMarshal.Read<uint>(s[(p + 1)..]);
            p += 5;
        }
        else return false;
        return mainLength >= 0 && mainLength <= s.Length - p;
    }
}
