using TornPages.Engine.Heap;
using TornPages.Engine.Pages;
using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Heap;

public class ChainHintTests
{
    [Fact]
    public void Reading_through_chain_hints_finds_the_same_versions_and_leaves_the_same_files_as_walking_every_chain()
    {
        var hintedDev = new SimulatedDevice();
        var walkedDev = new SimulatedDevice();
        var hinted = Create(hintedDev, rows: 1200, buffers: 24);
        var walked = Create(walkedDev, rows: 1200, buffers: 24);
        walked.Heap.UseChainHints = false;
        var rng = new Random(5);
        for (int t = 0; t < 2000; t++)
        {
            hinted.Begin();
            walked.Begin();
            // Mostly a few hot rows (long HOT chains, as pgbench's branches); or many rows of one or
            // two pages (about 70 rows a page), whose versions fill them so that updates move rows to
            // other pages and leave old chains behind their index entries; some anywhere (pages
            // evicted and read back); now and then a row twice in one transaction.
            bool crowd = rng.Next(3) == 0;
            int from = rng.Next(1, 1200 - 40);
            int updates = crowd ? rng.Next(6, 13) : rng.Next(1, 6);
            for (int u = 0; u < updates; u++)
            {
                int key = crowd ? from + rng.Next(40) : rng.Next(4) == 0 ? rng.Next(1, 1201) : rng.Next(1, 4);
                int delta = rng.Next(-9, 10);
                Assert.True(hinted.AddToInt32(Items, key, ValueOffset, delta));
                Assert.True(walked.AddToInt32(Items, key, ValueOffset, delta));
                Assert.True(hinted.TryReadInt32(Items, key, ValueOffset, out int a));
                Assert.True(walked.TryReadInt32(Items, key, ValueOffset, out int b));
                Assert.Equal(b, a);
                // Every index entry of the key is read, the old roots of versions that moved too: one is live.
                Assert.Equal(1, hinted.CountLive(Items, key));
                Assert.Equal(1, walked.CountLive(Items, key));
            }
            hinted.Commit();
            walked.Commit();
            if (t % 150 == 149)
            {
                hinted.Vacuum.Run(hinted.Horizon);
                walked.Vacuum.Run(walked.Horizon);
            }
        }
        hinted.Checkpoint();
        walked.Checkpoint();

        Assert.True(hinted.Heap.ReadsFromChainHints > 2000, $"{hinted.Heap.ReadsFromChainHints} reads from hints");
        Assert.Equal(0, walked.Heap.ReadsFromChainHints);
        Assert.Equal(walked.Heap.Prunes, hinted.Heap.Prunes);
        for (int key = 1; key <= 1200; key++)
        {
            Assert.True(walked.TryReadInt32(Items, key, ValueOffset, out int b));
            Assert.True(hinted.TryReadInt32(Items, key, ValueOffset, out int a));
            Assert.Equal(b, a);
        }
        AssertSameFiles(walkedDev, hintedDev);
    }

    [Fact]
    public void A_chain_hint_is_exact_only_for_its_page_root_and_lsn()
    {
        var hints = new ChainHints(frames: 2);
        var page = new PageId(3, 7);
        Assert.False(hints.TryGet(0, page, 100, root: 1, out _));

        hints.Set(0, page, 100, root: 1, live: 9);
        Assert.True(hints.TryGet(0, page, 100, root: 1, out int live));
        Assert.Equal(9, live);
        Assert.False(hints.TryGet(0, page, 100, root: 2, out _));
        Assert.False(hints.TryGet(0, new PageId(3, 8), 100, root: 1, out _));
        Assert.False(hints.TryGet(1, page, 100, root: 1, out _));
        // A change the heap did not note moved the LSN: not exact any more, and not brought back.
        Assert.False(hints.TryGet(0, page, 120, root: 1, out _));
        hints.Keep(0, page, before: 120, after: 130);
        Assert.False(hints.TryGet(0, page, 130, root: 1, out _));
    }

    [Fact]
    public void A_chain_hint_follows_an_update_of_its_live_version_and_a_prune_but_not_an_update_of_another()
    {
        var hints = new ChainHints(frames: 1);
        var page = new PageId(0, 4);
        hints.Set(0, page, 10, root: 2, live: 2);

        hints.Advance(0, page, before: 10, after: 20, from: 2, to: 30);
        Assert.True(hints.TryGet(0, page, 20, root: 2, out int live));
        Assert.Equal(30, live);

        hints.Keep(0, page, before: 20, after: 25);
        Assert.True(hints.TryGet(0, page, 25, root: 2, out live));
        Assert.Equal(30, live);

        // Another row's version replaced on the same page: the hint cannot tell where its own chain ends now.
        hints.Advance(0, page, before: 25, after: 40, from: 5, to: 31);
        Assert.False(hints.TryGet(0, page, 40, root: 2, out _));
    }

    [Fact]
    public void A_page_no_record_touched_gets_no_exact_chain_hint()
    {
        var hints = new ChainHints(frames: 1);
        hints.Set(0, new PageId(0, 0), lsn: 0, root: 0, live: 0);
        Assert.False(hints.TryGet(0, new PageId(0, 0), 0, root: 0, out _));
    }
}
