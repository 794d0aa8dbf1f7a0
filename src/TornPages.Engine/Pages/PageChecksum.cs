using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TornPages.Engine.Pages;

/// <summary>
/// The page checksum: CRC32C in four interleaved lanes (8-byte word w goes to lane w mod 4), the
/// four lane values then folded by one more CRC32C seeded with the page's address (relation and
/// block number), so that a page written to, or restored into, the wrong place fails too. The
/// checksum field is read as zero. Four independent lanes let the CPU overlap the CRC instruction's
/// latency (about 3x faster than one chain over 8 KB); a torn sector changes words in every lane.
/// An all-zero page is a valid new page (never written). Pages are a multiple of 32 bytes.
/// </summary>
public static class PageChecksum
{
    /// <summary>The seed for block <paramref name="block"/> of relation <paramref name="rel"/> (blocks below 2^24 per relation).</summary>
    public static uint Address(byte rel, uint block) => ((uint)rel << 24) ^ block;

    /// <summary>The 8-byte word holding the (4-byte, 4-aligned) checksum field.</summary>
    private const int ChecksumWord = PageHeader.ChecksumOffset / 8;

    public static uint Compute(ReadOnlySpan<byte> page, uint block)
    {
        if (page.Length % 32 != 0) throw new ArgumentException("a page is a multiple of 32 bytes", nameof(page));
        ref byte p = ref MemoryMarshal.GetReference(page);
        // The first group of four words holds the checksum field (ChecksumWord < 4): read it as zero.
        uint c0 = BitOperations.Crc32C(~0u, Word(ref p, 0));
        uint c1 = BitOperations.Crc32C(~0u, Word(ref p, 1));
        uint c2 = BitOperations.Crc32C(~0u, Word(ref p, 2));
        uint c3 = BitOperations.Crc32C(~0u, Word(ref p, 3));
        for (int off = 32; off < page.Length; off += 32)
        {
            c0 = BitOperations.Crc32C(c0, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, off)));
            c1 = BitOperations.Crc32C(c1, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, off + 8)));
            c2 = BitOperations.Crc32C(c2, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, off + 16)));
            c3 = BitOperations.Crc32C(c3, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, off + 24)));
        }
        uint crc = BitOperations.Crc32C(~block, ((ulong)c1 << 32) | c0);
        return ~BitOperations.Crc32C(crc, ((ulong)c3 << 32) | c2);
    }

    private static ulong Word(ref byte page, int w)
    {
        ulong v = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref page, w * 8));
        return w == ChecksumWord ? v & ~(0xFFFF_FFFFUL << (8 * (PageHeader.ChecksumOffset % 8))) : v;
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
        ref byte p = ref MemoryMarshal.GetReference(data);
        int n = data.Length, i = 0;
        for (; i + 8 <= n; i += 8) crc = BitOperations.Crc32C(crc, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i)));
        for (; i < n; i++) crc = BitOperations.Crc32C(crc, Unsafe.Add(ref p, i));
        return crc;
    }

    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(~0u, data);
}
