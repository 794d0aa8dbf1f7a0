using TornPages.Storage;

namespace TornPages.Engine.Tests.Recovery;

/// <summary>Damage no crash can cause, found by recovery and named, rather than replayed around.</summary>
public class DamageTests
{
    private static SimulatedDevice Committed(int commits)
    {
        var dev = new SimulatedDevice(new CrashModel(512));
        var db = TestDatabase.Create(dev);
        for (int i = 0; i < commits; i++) TestDatabase.Add(db, 1 + i % 50, 1);
        return dev;
    }

    [Fact]
    public void A_data_file_shorter_than_the_last_checkpoint_synced_is_refused()
    {
        var dev = Committed(20);
        dev.Open("rel_items", FileClass.Data).SetLength(8192);
        var e = Assert.Throws<RecoveryException>(() => TestDatabase.Open(dev));
        Assert.Contains("rel_items is 8192 bytes, shorter than the", e.Message);
    }

    [Fact]
    public void A_damaged_sector_before_the_durable_end_of_the_WAL_is_refused()
    {
        var dev = Committed(400);
        var wal = dev.Open("wal_0000000000000000", FileClass.Wal);
        wal.Write(8192 + 1024, new byte[512]);
        wal.Sync();
        var e = Assert.Throws<RecoveryException>(() => TestDatabase.Open(dev));
        Assert.Contains("durable WAL is damaged", e.Message);
    }

    [Fact]
    public void A_WAL_cut_by_a_crash_is_its_end_and_no_damage()
    {
        // Every unsynced sector lost or kept at random: the end moves, but nothing synced is missing.
        for (int seed = 0; seed < 10; seed++)
        {
            var dev = new SimulatedDevice(new CrashModel(512), seed);
            var db = TestDatabase.Create(dev);
            for (int i = 0; i < 100; i++) TestDatabase.Add(db, 7, 1);
            dev.Crash();
            Assert.Equal(100, TestDatabase.Value(TestDatabase.Open(dev), 7));
        }
    }
}
