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
}
