using TornPages.Engine.Strategies;
using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Recovery;

/// <summary>fpw-super:K (seed 003): images once per K checkpoints, and torn pages repaired from the WAL kept since.</summary>
public class SelectiveReplayTests
{
    private static Database OpenWith(SimulatedDevice dev, bool selectiveReplay) =>
        Database.Open(dev, Catalog, new DatabaseOptions(StrategyCatalog.Parse("fpw-super:4"), 64) { SelectiveReplay = selectiveReplay });

    /// <summary>
    /// Block 0 of items changed (with its image) in the image cycle, a checkpoint that starts no new
    /// cycle, block 0 changed again (no image: it has one in the cycle), written and torn.
    /// </summary>
    private static void TearBlockImagedBeforeTheRedoPoint(SimulatedDevice dev)
    {
        var db = Create(dev, "fpw-super:4");
        Add(db, 1, 5);
        long images = db.Wal.Stats.FpiCount;
        db.Checkpoint();
        Add(db, 2, 7);
        Assert.Equal(images, db.Wal.Stats.FpiCount);
        db.Pool.WriteAllDirty();
        db.Store.SyncAll();
        dev.Crash();
        TearFirstItemsPage(dev);
    }

    [Fact]
    public void A_page_torn_after_an_ordinary_checkpoint_is_rebuilt_from_its_last_image_before_the_redo_point()
    {
        var dev = new SimulatedDevice();
        TearBlockImagedBeforeTheRedoPoint(dev);
        var db = OpenWith(dev, selectiveReplay: true);
        Assert.True(db.Recovery!.Clean);
        Assert.Equal(1, db.Recovery.PagesRepairedFromKeptWal);
        Assert.Equal(1, db.Recovery.TornPagesFound);
        Assert.Equal(5, Value(db, 1));
        Assert.Equal(7, Value(db, 2));
        Assert.Empty(db.FindTornPages());
    }

    [Fact]
    public void Without_selective_replay_the_same_page_is_unrecoverable()
    {
        var dev = new SimulatedDevice();
        TearBlockImagedBeforeTheRedoPoint(dev);
        var db = OpenWith(dev, selectiveReplay: false);
        Assert.False(db.Recovery!.Clean);
        Assert.Contains((Items.Id, 0u), db.Recovery.UnrecoverablePages);
    }

    [Fact]
    public void Many_torn_pages_are_repaired_from_one_reading_of_the_kept_wal_and_their_own_records()
    {
        var dev = new SimulatedDevice();
        var db = Create(dev, "fpw-super:4", rows: 2000, buffers: 64);
        int[] keys = Enumerable.Range(0, 12).Select(i => 1 + i * 160).ToArray();
        // Each key's page is imaged at its first change in the cycle (its row moves out, the page
        // keeps the old version), then an ordinary checkpoint, then the page's next row is changed
        // there (pruned, then a HOT update) without an image: the pages to tear.
        foreach (int k in keys) Add(db, k, 5);
        db.Checkpoint();
        foreach (int k in keys) Add(db, k + 1, 7);
        var torn = db.Pool.DirtyPages().Where(p => p.Rel == Items.Id).ToArray();
        db.Pool.WriteAllDirty();
        db.Store.SyncAll();
        var (cycle, redo) = (db.Control.Current.ImageCycleLsn, db.Control.Current.RedoLsn);
        dev.Crash();
        var file = dev.Open(Items.FileName, FileClass.Data);
        foreach (var p in torn) file.Write(p.Block * 8192L + 3 * 512, Enumerable.Repeat((byte)0x5A, 512).ToArray());
        file.Sync();

        long keptBlocks = 0;
        var reader = new TornPages.Engine.Wal.WalReader(new TornPages.Engine.Wal.WalSegments(dev), cycle);
        while (reader.TryReadNext() && reader.Record.Start < redo) keptBlocks += reader.Record.BlockCount;

        var recovered = OpenWith(dev, selectiveReplay: true);
        Assert.True(recovered.Recovery!.Clean);
        Assert.True(recovered.Recovery.PagesRepairedFromKeptWal >= 8, $"{recovered.Recovery.PagesRepairedFromKeptWal} of {torn.Length} torn pages repaired from the kept WAL");
        // Once to index it, then each page's image and its few records: far less than once per torn page.
        Assert.InRange(recovered.Recovery.KeptWalBlocksRead, keptBlocks, keptBlocks + 4L * recovered.Recovery.PagesRepairedFromKeptWal);
        foreach (int k in keys) Assert.Equal((5, 7), (Value(recovered, k), Value(recovered, k + 1)));
    }

    [Fact]
    public void Images_are_taken_once_per_four_checkpoints_not_once_per_checkpoint()
    {
        var db = Create(new SimulatedDevice(), "fpw-super:4");
        var images = new List<long>();
        // The load's checkpoint started a cycle; each round changes the same row after a checkpoint.
        for (int round = 0; round < 8; round++)
        {
            long before = db.Wal.Stats.FpiCount;
            Add(db, 1, 1);
            images.Add(db.Wal.Stats.FpiCount - before);
            db.Checkpoint();
        }
        // Checkpoints 1 (the load's), 5 and 9 start cycles: rounds 0 and 4 image what they change, the others nothing.
        Assert.Equal([true, false, false, false, true, false, false, false], images.Select(n => n > 0));
    }

    [Fact]
    public void The_control_file_records_where_the_image_cycle_began_and_how_far_into_it_the_checkpoint_is()
    {
        var db = Create(new SimulatedDevice(), "fpw-super:3");
        ulong cycle = db.Control.Current.ImageCycleLsn;
        Assert.Equal(db.Control.Current.RedoLsn, cycle);
        Assert.Equal(1u, db.Control.Current.CheckpointsInCycle);
        Add(db, 1, 1);
        db.Checkpoint();
        Assert.Equal(cycle, db.Control.Current.ImageCycleLsn);
        Assert.True(db.Control.Current.RedoLsn > cycle);
        Assert.Equal(2u, db.Control.Current.CheckpointsInCycle);
        Add(db, 1, 1);
        db.Checkpoint();
        Add(db, 1, 1);
        db.Checkpoint();
        Assert.Equal(db.Control.Current.RedoLsn, db.Control.Current.ImageCycleLsn);
        Assert.Equal(1u, db.Control.Current.CheckpointsInCycle);
    }
}

/// <summary>dwb-large:K (seed 003): double-write copies kept across checkpoints, brought forward through the kept WAL.</summary>
public class RetainedCopyTests
{
    /// <summary>
    /// Block 0 copied to the double-write file at its first write-out in the cycle, changed, an
    /// ordinary checkpoint (which writes it in place, no new copy), changed again, written and torn:
    /// its only copy is older than the redo point.
    /// </summary>
    private static Database CrashWithTheCopyOlderThanTheRedoPoint(bool selectiveReplay)
    {
        var dev = new SimulatedDevice();
        var db = Create(dev, "dwb-large:4");
        Add(db, 1, 5);
        db.Pool.WriteAllDirty();
        long copies = dev.Stats[FileClass.DoubleWrite].WriteBytes;
        Add(db, 2, 7);
        db.Checkpoint();
        Add(db, 3, 9);
        db.Pool.WriteAllDirty();
        Assert.Equal(copies, dev.Stats[FileClass.DoubleWrite].WriteBytes);
        db.Store.SyncAll();
        dev.Crash();
        TearFirstItemsPage(dev);
        return Database.Open(dev, Catalog, new DatabaseOptions(StrategyCatalog.Parse("dwb-large:4"), 64) { SelectiveReplay = selectiveReplay });
    }

    [Fact]
    public void A_page_restored_from_a_copy_older_than_the_redo_point_gets_the_changes_in_between_from_the_kept_wal()
    {
        var db = CrashWithTheCopyOlderThanTheRedoPoint(selectiveReplay: true);
        Assert.True(db.Recovery!.Clean);
        Assert.Equal(1, db.Recovery.PagesRestoredByPrologue);
        Assert.Equal((5, 7, 9), (Value(db, 1), Value(db, 2), Value(db, 3)));
        Assert.Empty(db.FindTornPages());
    }

    [Fact]
    public void Without_the_kept_wal_replay_from_the_redo_point_finds_the_copy_too_old_for_its_records()
    {
        var e = Assert.Throws<RecoveryException>(() => CrashWithTheCopyOlderThanTheRedoPoint(selectiveReplay: false));
        Assert.Contains("does not apply to it", e.Message);
    }
}
