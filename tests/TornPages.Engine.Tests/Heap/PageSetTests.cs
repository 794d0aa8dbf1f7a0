using TornPages.Engine.Pages;
using TornPages.Engine.Heap;

namespace TornPages.Engine.Tests.Heap;

public class PageSetTests
{
    [Fact]
    public void Pages_come_back_once_each_in_relation_and_block_order_until_cleared()
    {
        var set = new PageSet();
        var rng = new Random(7);
        var expected = new SortedSet<PageId>();
        for (int i = 0; i < 5000; i++)
        {
            byte rel = (byte)rng.Next(0, 4);
            uint block = (uint)rng.Next(0, 200_000);
            Assert.Equal(expected.Add(new PageId(rel, block)), set.Add(rel, block));
            Assert.True(set.Contains(rel, block));
        }
        Assert.Equal(expected.Count, set.Count);
        Assert.False(set.Contains(9, 3));
        var pages = new List<PageId>();
        set.CopyTo(pages);
        Assert.Equal(expected, pages);
        set.Clear();
        Assert.Equal(0, set.Count);
        Assert.False(set.Contains(expected.Min.Rel, expected.Min.Block));
    }
}
