using TornPages.Engine.Pages;

namespace TornPages.Engine.Tests.Pages;

public class PageChecksumTests
{
    private static byte[] HeapPage()
    {
        var p = new byte[8192];
        PageOps.Apply([(byte)PageOp.Init, (byte)PageKind.Heap, 0, 0], p);
        new Random(1).NextBytes(p.AsSpan(4000));
        return p;
    }

    [Fact]
    public void A_stamped_page_verifies_and_one_flipped_bit_anywhere_fails()
    {
        var p = HeapPage();
        PageChecksum.Stamp(p, 7);
        Assert.True(PageChecksum.Verify(p, 7));
        foreach (int at in new[] { 0, 8, 100, 5000, 8191 })
        {
            p[at] ^= 1;
            Assert.False(PageChecksum.Verify(p, 7), $"flip at {at} not detected");
            p[at] ^= 1;
        }
    }

    [Fact]
    public void The_checksum_binds_the_block_number_so_a_misplaced_page_fails()
    {
        var p = HeapPage();
        PageChecksum.Stamp(p, 7);
        Assert.False(PageChecksum.Verify(p, 8));
    }

    [Fact]
    public void An_all_zero_page_is_a_valid_new_page_but_zeros_in_the_header_alone_are_not()
    {
        var p = new byte[8192];
        Assert.True(PageChecksum.Verify(p, 3));
        p[6000] = 1; // header sector lost, a later sector written: a torn first write
        Assert.False(PageChecksum.Verify(p, 3));
    }

    [Fact]
    public void A_page_torn_at_any_one_sector_fails_its_checksum()
    {
        var old = HeapPage();
        PageChecksum.Stamp(old, 7);
        var next = (byte[])old.Clone();
        new Random(2).NextBytes(next.AsSpan(PageHeader.Size));
        PageChecksum.Stamp(next, 7);
        for (int sector = 0; sector < 16; sector++)
        {
            var torn = (byte[])next.Clone();
            old.AsSpan(sector * 512, 512).CopyTo(torn.AsSpan(sector * 512));
            Assert.False(PageChecksum.Verify(torn, 7), $"old sector {sector} in a new page not detected");
        }
    }

    [Fact]
    public void Stamping_a_stamped_page_again_changes_nothing()
    {
        var p = HeapPage();
        PageChecksum.Stamp(p, 7);
        var once = (byte[])p.Clone();
        PageChecksum.Stamp(p, 7);
        Assert.Equal(once, p);
    }

    [Fact]
    public void The_checksum_is_the_crc32c_of_the_four_lanes_laid_end_to_end_then_the_address()
    {
        var p = HeapPage();
        PageChecksum.Stamp(p, 9);
        var words = new ulong[p.Length / 8];
        for (int w = 0; w < words.Length; w++) words[w] = BitConverter.ToUInt64(p, w * 8);
        words[PageHeader.ChecksumOffset / 8] &= ~(0xFFFF_FFFFUL << (8 * (PageHeader.ChecksumOffset % 8)));
        uint crc = ~0u;
        for (int lane = 0; lane < 4; lane++)
            for (int w = lane; w < words.Length; w += 4) crc = System.Numerics.BitOperations.Crc32C(crc, words[w]);
        Assert.Equal(~System.Numerics.BitOperations.Crc32C(crc, 9u), PageChecksum.Compute(p, 9));
    }

    [Fact]
    public void The_same_change_made_at_two_places_fails_whatever_their_distance_and_lanes()
    {
        // A torn index leaf once passed: the same XOR (0x14) four bytes apart, across two lanes.
        var p = HeapPage();
        PageChecksum.Stamp(p, 3);
        foreach (int at in new[] { 64, 4224, 4228, 6000 })
            for (int distance = 1; distance <= 72; distance++)
                foreach (byte delta in new byte[] { 0x14, 0x01, 0xFF })
                {
                    p[at] ^= delta;
                    p[at + distance] ^= delta;
                    Assert.False(PageChecksum.Verify(p, 3), $"0x{delta:X2} at {at} and {at + distance} not detected");
                    p[at] ^= delta;
                    p[at + distance] ^= delta;
                }
        Assert.True(PageChecksum.Verify(p, 3));
    }
}
