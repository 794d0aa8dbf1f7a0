using System.Runtime.InteropServices;
using TornPages.Engine.Wal;

namespace TornPages.Engine.Tests.Wal;

public class WalPageHeaderTests
{
    private static byte[] Header(ulong page, ulong durable)
    {
        var b = new byte[WalPageHeader.Size];
        ref var h = ref MemoryMarshal.AsRef<WalPageHeader>(b.AsSpan());
        h.Magic = WalLayout.PageMagic;
        h.PageAddress = page;
        h.DurableLag = WalPageHeader.LagOf(page, durable);
        h.Check = WalPageHeader.CheckOf(b);
        return b;
    }

    [Fact]
    public void A_page_says_how_much_WAL_was_durable_when_it_was_written()
    {
        var h = MemoryMarshal.Read<WalPageHeader>(Header(0x10000, 0xF123));
        Assert.Equal(0xF123UL, h.DurableBefore);
        Assert.Equal(h.Check, WalPageHeader.CheckOf(Header(0x10000, 0xF123)));
    }

    [Fact]
    public void A_header_mixing_the_bytes_of_two_writes_fails_its_check()
    {
        var older = Header(0x10000, 0x2000);
        var newer = Header(0x10000, 0xF123);
        var torn = newer[..21].Concat(older[21..]).ToArray();
        Assert.NotEqual(MemoryMarshal.Read<WalPageHeader>(torn).Check, WalPageHeader.CheckOf(torn));
    }

    [Fact]
    public void Durable_WAL_far_behind_the_page_saturates_rather_than_wrapping()
    {
        Assert.Equal(uint.MaxValue, WalPageHeader.LagOf(0x2_0000_0000, 0));
    }
}
