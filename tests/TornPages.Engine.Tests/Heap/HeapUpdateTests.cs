using TornPages.Engine.Heap;
using TornPages.Engine.Pages;
using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Heap;

public class HeapUpdateTests
{
    [Fact]
    public void An_update_on_a_page_loaded_full_goes_to_another_page_and_adds_an_index_entry()
    {
        var db = Create(new SimulatedDevice());
        Add(db, 1, 5);
        Assert.Equal(1, db.Heap.NonHotUpdates);
        Assert.Equal(0, db.Heap.HotUpdates);
        Assert.Equal(5, Value(db, 1));
        Assert.Equal(1, db.CountLive(Items, 1));
    }

    [Fact]
    public void Once_pruning_frees_the_dead_version_the_next_update_on_that_page_is_hot()
    {
        var db = Create(new SimulatedDevice());
        Add(db, 1, 5);   // non-HOT: leaves a dead version on block 0
        Add(db, 2, 7);   // block 0 is full: pruned, then the new version fits there
        Assert.Equal(1, db.Heap.Prunes);
        Assert.Equal(1, db.Heap.HotUpdates);
        Assert.Equal(7, Value(db, 2));
        Add(db, 2, 1);
        Assert.Equal(8, Value(db, 2));
        Assert.Equal(1, db.CountLive(Items, 2));
    }

    [Fact]
    public void Heap_records_logged_as_postgresql_logs_them_build_the_same_pages_as_absolute_ones_and_are_smaller()
    {
        // fpw logs new versions as AddTuple/AddTupleDelta and replaced ones as StampTuple; lp-logged as
        // PutItem and Stamp. The same updates must leave byte-identical heap pages (LSN and checksum aside).
        var compact = Create(new SimulatedDevice(), "fpw", rows: 300, buffers: 256);
        var absolute = Create(new SimulatedDevice(), "lp-logged", rows: 300, buffers: 256);
        var rng = new Random(3);
        for (int i = 0; i < 600; i++)
        {
            int key = rng.Next(1, 301), delta = rng.Next(-50, 50);
            Add(compact, key, delta);
            Add(absolute, key, delta);
        }
        Assert.True(compact.Heap.HotUpdates > 100 && compact.Heap.NonHotUpdates > 0, $"{compact.Heap.HotUpdates} HOT, {compact.Heap.NonHotUpdates} non-HOT");
        Assert.Equal((compact.Heap.HotUpdates, compact.Heap.Prunes), (absolute.Heap.HotUpdates, absolute.Heap.Prunes));
        uint blocks = compact.Store.BlockCount(Items.Id);
        Assert.Equal(blocks, absolute.Store.BlockCount(Items.Id));
        for (uint b = 0; b < blocks; b++)
        {
            var p = compact.Pool.Page(compact.Pool.Pin(Items.Id, b)).ToArray();
            var q = absolute.Pool.Page(absolute.Pool.Pin(Items.Id, b)).ToArray();
            p.AsSpan(0, PageHeader.Size).Clear();
            q.AsSpan(0, PageHeader.Size).Clear();
            Assert.True(p.AsSpan(PageHeader.Size).SequenceEqual(q.AsSpan(PageHeader.Size)), $"block {b} differs");
        }
        for (int k = 1; k <= 300; k++) Assert.Equal(Value(absolute, k), Value(compact, k));
        Assert.True(compact.Wal.Stats.RecordBytes < absolute.Wal.Stats.RecordBytes * 0.8,
            $"compact {compact.Wal.Stats.RecordBytes} B, absolute {absolute.Wal.Stats.RecordBytes} B");
    }

    [Fact]
    public void The_suffix_two_versions_share_is_counted_from_their_ends_up_to_the_limit_given()
    {
        var rng = new Random(9);
        for (int trial = 0; trial < 2000; trial++)
        {
            var a = new byte[rng.Next(0, 40)];
            var b = new byte[rng.Next(0, 40)];
            rng.NextBytes(a);
            rng.NextBytes(b);
            // A shared tail of any length, then a difference anywhere before it (or none).
            int shared = rng.Next(0, Math.Min(a.Length, b.Length) + 1);
            a.AsSpan(a.Length - shared).CopyTo(b.AsSpan(b.Length - shared));
            int max = rng.Next(0, Math.Min(a.Length, b.Length) + 1);
            int expected = 0;
            while (expected < max && a[^(expected + 1)] == b[^(expected + 1)]) expected++;
            Assert.Equal(expected, HeapAccess.CommonSuffixLength(a, b, max));
        }
    }
}
