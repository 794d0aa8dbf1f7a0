using System.Buffers.Binary;
using System.Numerics;

namespace TornPages.Engine.Pages;

/// <summary>
/// CRC32C of a page with its checksum field read as zero, seeded with the page's address (relation
/// and block number) so that a page written to, or restored into, the wrong place fails too. An
/// all-zero page is a valid new page (never written).
/// </summary>
public static class PageChecksum
{
    /// <summary>The seed for block <paramref name="block"/> of relation <paramref name="rel"/> (blocks below 2^24 per relation).</summary>
    public static uint Address(byte rel, uint block) => ((uint)rel << 24) ^ block;

    public static uint Compute(ReadOnlySpan<byte> page, uint block)
    {
        uint crc = Crc32C.Append(~block, page[..PageHeader.ChecksumOffset]);
        crc = BitOperations.Crc32C(crc, 0u);
        crc = Crc32C.Append(crc, page[(PageHeader.ChecksumOffset + 4)..]);
        return ~crc;
    }

    public static void Stamp(Span<byte> page, uint block) =>
        BinaryPrimitives.WriteUInt32LittleEndian(page[PageHeader.ChecksumOffset..], Compute(page, block));

    /// <summary>True when the page is intact: its checksum matches, or it is entirely zero.</summary>
    public static bool Verify(ReadOnlySpan<byte> page, uint block)
    {
        if (PageHeader.Of(page).Kind == PageKind.New && PageHeader.Of(page).Upper == 0)
            return page.IndexOfAnyExcept((byte)0) < 0;
        return BinaryPrimitives.ReadUInt32LittleEndian(page[PageHeader.ChecksumOffset..]) == Compute(page, block);
    }
}

/// <summary>CRC32C over a span with the hardware instruction, 8 bytes at a time.</summary>
public static class Crc32C
{
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }

    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(~0u, data);
}
