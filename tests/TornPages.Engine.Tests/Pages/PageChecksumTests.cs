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
}
