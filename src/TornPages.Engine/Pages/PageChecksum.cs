using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TornPages.Engine.Pages;

/// <summary>
/// The page checksum: CRC32C in four interleaved lanes (8-byte word w goes to lane w mod 4), the
/// lanes then combined into exactly the CRC32C of the four lanes laid end to end (lane 0's words,
/// then lane 1's, ...), and that folded with the page's address (relation and block number), so that
/// a page written to, or restored into, the wrong place fails too. The checksum field is read as
/// zero. Four independent lanes let the CPU overlap the CRC instruction's latency (about 3x faster
/// than one chain over 8 KB). An all-zero page is a valid new page (never written). Pages are a
/// multiple of 32 bytes.
///
/// Why the exact combination: the CRC of a message detects every change of one or two words, and
/// every burst up to 32 bits; the lanes laid end to end are a message (a fixed permutation of the
/// page's words), so the checksum keeps those guarantees. A plain CRC over the four lane values does
/// not: it gives the end of one lane's word and the start of the next lane's word the same weight,
/// so the same change made to the bytes 4 apart across a lane boundary cancels. A torn index leaf
/// did exactly that in a crash trial (one tuple id, block 82 -> 70 and item 22 -> 2, XOR 0x14 in
/// both) and passed its checksum.
/// </summary>
public static class PageChecksum
{
    /// <summary>The seed for block <paramref name="block"/> of relation <paramref name="rel"/> (blocks below 2^24 per relation).</summary>
    public static uint Address(byte rel, uint block) => ((uint)rel << 24) ^ block;

    private const int Lanes = 4;

    /// <summary>The 8-byte word holding the (4-byte, 4-aligned) checksum field.</summary>
    private const int ChecksumWord = PageHeader.ChecksumOffset / 8;

    public static uint Compute(ReadOnlySpan<byte> page, uint block)
    {
        if (page.Length % (Lanes * 8) != 0) throw new ArgumentException("a page is a multiple of 32 bytes", nameof(page));
        ref byte p = ref MemoryMarshal.GetReference(page);
        // Lane 0 starts the message (from ~0); the others continue it, so they start from 0 and are
        // shifted over the lanes after them when combined.
        // The first group of four words holds the checksum field (ChecksumWord < 4): read it as zero.
        uint c0 = BitOperations.Crc32C(~0u, Word(ref p, 0));
        uint c1 = BitOperations.Crc32C(0u, Word(ref p, 1));
        uint c2 = BitOperations.Crc32C(0u, Word(ref p, 2));
        uint c3 = BitOperations.Crc32C(0u, Word(ref p, 3));
        for (int off = Lanes * 8; off < page.Length; off += Lanes * 8)
        {
            c0 = BitOperations.Crc32C(c0, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, off)));
            c1 = BitOperations.Crc32C(c1, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, off + 8)));
            c2 = BitOperations.Crc32C(c2, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, off + 16)));
            c3 = BitOperations.Crc32C(c3, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, off + 24)));
        }
        var shift = LaneShift.For(page.Length / Lanes);
        uint crc = shift.Apply(shift.Apply(shift.Apply(c0) ^ c1) ^ c2) ^ c3;
        return ~BitOperations.Crc32C(crc, block);
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

    /// <summary>
    /// What a CRC32C state becomes after <c>bytes</c> zero bytes: a linear map of the 32 state bits
    /// (the CRC update without its inversions is linear), kept as four tables of 256 images, one per
    /// byte of the state, each entry built once with the CRC instruction itself.
    /// </summary>
    private sealed class LaneShift
    {
        private static readonly ConcurrentDictionary<int, LaneShift> ByLength = new();
        // The last one used: every page of a run has the same size, so the dictionary is seldom asked.
        private static LaneShift? _last;
        private readonly uint[] _table = new uint[4 * 256];
        private readonly int _bytes;

        private LaneShift(int bytes)
        {
            _bytes = bytes;
            var columns = new uint[32];
            for (int bit = 0; bit < 32; bit++)
            {
                uint s = 1u << bit;
                for (int i = 0; i < bytes / 8; i++) s = BitOperations.Crc32C(s, 0UL);
                columns[bit] = s;
            }
            for (int b = 0; b < 4; b++)
                for (int v = 0; v < 256; v++)
                {
                    uint r = 0;
                    for (int bit = 0; bit < 8; bit++)
                        if ((v & (1 << bit)) != 0) r ^= columns[b * 8 + bit];
                    _table[b * 256 + v] = r;
                }
        }

        public static LaneShift For(int bytes)
        {
            var last = _last;
            if (last != null && last._bytes == bytes) return last;
            return _last = ByLength.GetOrAdd(bytes, static b => new LaneShift(b));
        }

        public uint Apply(uint state) =>
            _table[state & 0xFF] ^ _table[256 + ((state >> 8) & 0xFF)] ^ _table[512 + ((state >> 16) & 0xFF)] ^ _table[768 + (state >> 24)];
    }
}
