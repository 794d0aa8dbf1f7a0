using TornPages.Engine.Files;
using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Recovery;

public class RecoveryTests
{
    [Fact]
    public void Committed_changes_survive_a_crash_that_loses_every_unsynced_write()
    {
        var dev = new SimulatedDevice(new CrashModel(512, PersistProbability: 0));
        var db = Create(dev);
        for (int k = 1; k <= 200; k++) Add(db, k, k);
        dev.Crash();
        var db2 = Open(dev);
        Assert.True(db2.Recovery!.Clean);
        for (int k = 1; k <= 200; k++) Assert.Equal(k, Value(db2, k));
    }

    [Fact]
    public void A_transaction_that_never_committed_is_rolled_back_even_when_its_wal_is_durable()
    {
        var dev = new SimulatedDevice(new CrashModel(512, PersistProbability: 0));
        var db = Create(dev);
        Add(db, 1, 10);
        uint xid = db.Begin();
        Assert.True(db.AddToInt32(Items, 1, ValueOffset, 1000));
        db.Insert(Items, Row(5000));
        db.Wal.Flush(db.Wal.InsertLsn);
        dev.Crash();
        var db2 = Open(dev);
        Assert.Contains(xid, db2.Recovery!.AbortedXids);
        Assert.Equal(10, Value(db2, 1));
        Assert.Equal(1, db2.CountLive(Items, 1));
        long rows = 0;
        db2.ScanLive(Items, 0, (_, _) => rows++);
        Assert.Equal(2000, rows);
    }

    private static void TearFirstPageOfItems(SimulatedDevice dev, string strategy)
    {
        var db = Create(dev, strategy);
        Add(db, 1, 5);
        Add(db, 2, 7);
        // Write the changed pages in place, as an eviction would, but take no checkpoint.
        db.Pool.WriteAllDirty();
        db.Store.SyncAll();
        dev.Crash();
        TearFirstItemsPage(dev);
    }

    [Fact]
    public void Without_protection_a_page_torn_after_the_checkpoint_is_reported_as_unrecoverable()
    {
        var dev = new SimulatedDevice();
        TearFirstPageOfItems(dev, "none");
        var db = Open(dev, "none");
        Assert.False(db.Recovery!.Clean);
        Assert.Contains((Items.Id, 0u), db.Recovery.UnrecoverablePages);
    }

    [Fact]
    public void With_full_page_writes_the_torn_page_is_restored_from_its_image_in_the_wal()
    {
        var dev = new SimulatedDevice();
        TearFirstPageOfItems(dev, "fpw");
        var db = Open(dev, "fpw");
        Assert.True(db.Recovery!.Clean);
        Assert.True(db.Recovery.ImagesRestored > 0);
        Assert.Equal(5, Value(db, 1));
        Assert.Equal(7, Value(db, 2));
        Assert.Empty(db.FindTornPages());
    }

    [Fact]
    public void Evicting_a_dirty_page_first_makes_the_wal_durable_up_to_its_lsn()
    {
        var db = Create(new SimulatedDevice(), rows: 3000, buffers: 16);
        db.Begin();
        Assert.True(db.AddToInt32(Items, 1, ValueOffset, 1));
        ulong changed = db.Wal.InsertLsn;
        Assert.True(db.Wal.FlushedLsn < changed, "nothing has committed yet");
        // Read enough other pages to push the dirty ones out of 16 frames.
        for (int k = 100; k <= 3000; k += 61) db.TryReadInt32(Items, k, ValueOffset, out _);
        Assert.True(db.Pool.DirtyEvictions > 0);
        Assert.True(db.Wal.FlushedLsn >= changed, "a dirty page went out before its WAL");
    }

    [Fact]
    public void Opening_with_another_strategy_than_the_database_was_made_with_is_refused()
    {
        var dev = new SimulatedDevice();
        Create(dev, "fpw");
        Assert.Throws<RecoveryException>(() => Open(dev, "none"));
    }
}
