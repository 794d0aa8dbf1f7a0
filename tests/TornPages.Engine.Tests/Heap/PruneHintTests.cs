using TornPages.Engine.Heap;
using TornPages.Engine.Pages;
using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Heap;

public class PruneHintTests
{
    /// <summary>
    /// Runs the same transactions on two databases, one pruning from hints and one reading every line
    /// pointer, and returns both devices. Transactions update one to twelve rows, often several on the
    /// same page and the same row twice (versions their own running transaction replaced, which a prune
    /// must keep), through a pool small enough that pages are written out and read back; a vacuum
    /// pass now and then changes pages behind the hints' back.
    /// </summary>
    private static (SimulatedDevice Hinted, SimulatedDevice Scanned, Database HintedDb, Database ScannedDb) RunBoth(int transactions, int seed)
    {
        var hintedDev = new SimulatedDevice();
        var scannedDev = new SimulatedDevice();
        var hinted = Create(hintedDev, rows: 1200, buffers: 24);
        var scanned = Create(scannedDev, rows: 1200, buffers: 24);
        scanned.Heap.UsePruneHints = false;
        var rng = new Random(seed);
        for (int t = 0; t < transactions; t++)
        {
            int updates = rng.Next(1, 13);
            // A narrow range keeps a transaction's rows on a page or two (about 70 rows a page).
            int from = rng.Next(1, 1200 - 40);
            int span = rng.Next(2) == 0 ? 20 : 1200 - from;
            hinted.Begin();
            scanned.Begin();
            for (int u = 0; u < updates; u++)
            {
                int key = from + rng.Next(span), delta = rng.Next(-9, 10);
                Assert.True(hinted.AddToInt32(Items, key, ValueOffset, delta));
                Assert.True(scanned.AddToInt32(Items, key, ValueOffset, delta));
            }
            hinted.Commit();
            scanned.Commit();
            if (t % 97 == 96)
            {
                hinted.Vacuum.Run(hinted.Horizon);
                scanned.Vacuum.Run(scanned.Horizon);
            }
        }
        hinted.Checkpoint();
        scanned.Checkpoint();
        return (hintedDev, scannedDev, hinted, scanned);
    }

    [Fact]
    public void Pruning_from_hints_logs_the_same_wal_and_leaves_the_same_files_as_reading_every_line_pointer()
    {
        var (hintedDev, scannedDev, hinted, scanned) = RunBoth(transactions: 1500, seed: 11);

        Assert.True(hinted.Heap.Prunes > 500, $"{hinted.Heap.Prunes} prunes");
        Assert.Equal(scanned.Heap.Prunes, hinted.Heap.Prunes);
        Assert.True(hinted.Heap.PrunesFromHints > hinted.Heap.Prunes / 2, $"{hinted.Heap.PrunesFromHints} of {hinted.Heap.Prunes} prunes used a hint");
        Assert.Equal(0, scanned.Heap.PrunesFromHints);
        AssertSameFiles(scannedDev, hintedDev);
    }

    [Fact]
    public void A_hint_is_exact_only_for_its_page_at_the_lsn_it_was_brought_to()
    {
        var hints = new PruneHints(frames: 2);
        var page = new PageId(3, 7);
        Assert.False(hints.TryGet(0, page, 100, out _));

        hints.Start(0, page, 100);
        hints.Advance(0, page, before: 100, after: 140, stamped: 5);
        Assert.True(hints.TryGet(0, page, 140, out var items));
        Assert.Equal([(ushort)5], items.ToArray());
        // A change the heap did not note (vacuum's record, recovery) moved the LSN: not exact any more.
        Assert.False(hints.TryGet(0, page, 180, out _));
        hints.Advance(0, page, before: 180, after: 200, stamped: 6);
        Assert.False(hints.TryGet(0, page, 200, out _));
        // Another page in the frame.
        hints.Start(0, page, 300);
        Assert.False(hints.TryGet(0, new PageId(3, 8), 300, out _));
    }

    [Fact]
    public void A_hint_that_would_name_more_line_pointers_than_it_holds_is_dropped()
    {
        var hints = new PruneHints(frames: 1);
        var page = new PageId(0, 0);
        hints.Start(0, page, 1);
        for (int i = 0; i < PruneHints.Capacity; i++) hints.Advance(0, page, (ulong)(i + 1), (ulong)(i + 2), stamped: i);
        Assert.True(hints.TryGet(0, page, PruneHints.Capacity + 1, out var items));
        Assert.Equal(PruneHints.Capacity, items.Length);
        hints.Advance(0, page, PruneHints.Capacity + 1, PruneHints.Capacity + 2, stamped: 2);   // already named: still exact
        Assert.True(hints.TryGet(0, page, PruneHints.Capacity + 2, out _));
        hints.Advance(0, page, PruneHints.Capacity + 2, PruneHints.Capacity + 3, stamped: 100);
        Assert.False(hints.TryGet(0, page, PruneHints.Capacity + 3, out _));
    }
}
