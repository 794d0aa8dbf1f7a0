using System.Runtime.InteropServices;
using TornPages.Engine.Pages;

namespace TornPages.Engine.Tests.Pages;

public class PageIdTests
{
    [Fact]
    public void A_page_id_is_stored_as_its_tag_and_orders_by_relation_then_block()
    {
        var id = new PageId(rel: 3, block: 0x01020304);
        var bytes = new byte[PageId.Size];
        MemoryMarshal.Write(bytes, in id);
        Assert.Equal(BitConverter.GetBytes(id.Tag), bytes);
        Assert.Equal(id, PageId.FromTag(id.Tag));
        Assert.True(new PageId(1, uint.MaxValue).CompareTo(new PageId(2, 0)) < 0);
        Assert.True(new PageId(2, 5).CompareTo(new PageId(2, 6)) < 0);
        Assert.NotEqual(new PageId(1, 2), new PageId(2, 1));
    }
}
