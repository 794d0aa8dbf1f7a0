using TornPages.Engine.Index;
using TornPages.Engine.Pages;
using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Heap;

public class VacuumTests
{
    private static int IndexEntries(Database db)
    {
        int entries = 0;
        for (uint b = 1; b < db.Store.BlockCount(ItemsPkey.Id); b++)
        {
            int f = db.Pool.Pin(ItemsPkey.Id, b);
            var page = db.Pool.Page(f);
            if (PageHeader.Of(page).Kind == PageKind.IndexLeaf) entries += IndexPage.Count(page);
            db.Pool.Unpin(f);
        }
        return entries;
    }

    private static int DeadLinePointers(Database db)
    {
        int dead = 0;
        for (uint b = 0; b < db.Store.BlockCount(Items.Id); b++)
        {
            int f = db.Pool.Pin(Items.Id, b);
            var page = db.Pool.Page(f);
            for (int i = 0; i < LinePointer.Count(page); i++)
                if (LinePointer.Get(page, i).State == LpState.Dead) dead++;
            db.Pool.Unpin(f);
        }
        return dead;
    }

    [Fact]
    public void Vacuum_removes_the_index_entries_of_dead_versions_and_frees_their_line_pointers()
    {
        var db = Create(new SimulatedDevice(), rows: 2000, buffers: 256);
        var rng = new Random(2);
        for (int i = 0; i < 1500; i++) Add(db, rng.Next(1, 2001), 1);
        Assert.True(IndexEntries(db) > 2000, "non-HOT updates added index entries");
        db.Checkpoint();
        db.VacuumEvery = 1;
        Assert.True(db.MaybeVacuum());
        Assert.True(db.Vacuum.IndexEntriesRemoved > 0);
        Assert.Equal(2000, IndexEntries(db));
        Assert.Equal(0, DeadLinePointers(db));
        for (int k = 1; k <= 2000; k++) Assert.Equal(1, db.CountLive(Items, k));
    }

    [Fact]
    public void A_vacuumed_database_recovers_to_the_same_state()
    {
        var dev = new SimulatedDevice(new CrashModel(512, PersistProbability: 0));
        var db = Create(dev, rows: 2000, buffers: 64);
        db.VacuumEvery = 200;
        var rng = new Random(3);
        var expected = new int[2001];
        for (int i = 0; i < 1000; i++)
        {
            int k = rng.Next(1, 2001);
            Add(db, k, i);
            expected[k] += i;
            db.MaybeVacuum();
        }
        Assert.True(db.Vacuum.Passes >= 4);
        dev.Crash();
        var db2 = Open(dev);
        Assert.True(db2.Recovery!.Clean);
        for (int k = 1; k <= 2000; k++) Assert.Equal(expected[k], Value(db2, k));
    }

    [Fact]
    public void Vacuum_by_key_writes_the_same_wal_as_a_pass_over_every_leaf_and_touches_fewer_pages()
    {
        Database Run(bool forgetKeys)
        {
            // 50 updates spread over 50 000 rows (about 137 leaves): most leaves hold no dead entry.
            var db = Create(new SimulatedDevice(), rows: 50_000, buffers: 64);
            var rng = new Random(5);
            for (int i = 0; i < 50; i++) Add(db, rng.Next(1, 50_001), i);
            if (forgetKeys) db.Heap.DeadRootKeys.Clear();
            db.VacuumEvery = 1;
            Assert.True(db.MaybeVacuum());
            return db;
        }
        var byKey = Run(forgetKeys: false);
        var full = Run(forgetKeys: true);
        Assert.Equal(0, byKey.Vacuum.FullIndexScans);
        Assert.Equal(1, full.Vacuum.FullIndexScans);
        Assert.True(byKey.Vacuum.IndexEntriesRemoved >= 40, "the updates left dead index entries to remove");
        Assert.Equal(full.Vacuum.IndexEntriesRemoved, byKey.Vacuum.IndexEntriesRemoved);
        Assert.Equal(full.Wal.Stats.Records, byKey.Wal.Stats.Records);
        Assert.Equal(full.Wal.Stats.Bytes, byKey.Wal.Stats.Bytes);
        Assert.Equal(full.Wal.Stats.FpiBytes, byKey.Wal.Stats.FpiBytes);
        Assert.True(byKey.Pool.Reads < full.Pool.Reads, $"by key read {byKey.Pool.Reads} pages, the full pass {full.Pool.Reads}");
        for (int k = 1; k <= 50_000; k += 97) Assert.Equal(1, byKey.CountLive(Items, k));
    }
}
