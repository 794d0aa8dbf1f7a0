using TornPages.Storage;

namespace TornPages.Storage.Tests;

/// <summary>What each fault model adds to the sector rule, tested on the simulated device's durable bytes.</summary>
public class FaultModelTests
{
    private static byte[] Filled(int n, byte v) => Enumerable.Repeat(v, n).ToArray();

    private static List<byte[]> Sectors(byte[] image, int sector = 512) =>
        Enumerable.Range(0, image.Length / sector).Select(s => image.AsSpan(s * sector, sector).ToArray()).ToList();

    /// <summary>A device with page 1 of "f" synced and page 2 written over it, not synced.</summary>
    private static SimulatedDevice OverwrittenPage(CrashModel model, int seed)
    {
        var d = new SimulatedDevice(model, seed);
        var f = d.Open("f", FileClass.Data);
        f.Write(0, Filled(8192, 1));
        f.Sync();
        f.Write(0, Filled(8192, 2));
        return d;
    }

    [Theory]
    [InlineData("sector", FaultModel.Sector)]
    [InlineData("garbage", FaultModel.Garbage)]
    [InlineData("byte-tear", FaultModel.ByteTear)]
    [InlineData("lying-flush", FaultModel.LyingFlush)]
    [InlineData("metadata", FaultModel.Metadata)]
    public void Each_fault_model_is_named_as_on_the_command_line(string name, FaultModel model)
    {
        Assert.Equal(model, FaultModels.Parse(name));
        Assert.Equal(name, model.Name());
    }

    [Fact]
    public void An_unknown_fault_model_names_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => FaultModels.Parse("cosmic-ray"));
        Assert.Contains("garbage", e.Message);
    }

    [Fact]
    public void Garbage_leaves_exactly_one_sector_of_the_last_write_neither_old_nor_new()
    {
        int zeros = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            var d = OverwrittenPage(new CrashModel(512, PersistProbability: 1, Fault: FaultModel.Garbage), seed);
            d.Crash();
            var sectors = Sectors(d.DurableImage("f"));
            var bad = sectors.Where(s => !s.All(b => b == 2)).ToList();
            Assert.Single(bad);
            Assert.False(bad[0].All(b => b == 1), "the garbage sector is not the old contents");
            if (bad[0].All(b => b == 0)) zeros++;
        }
        Assert.InRange(zeros, 1, 39);
    }

    [Fact]
    public void Garbage_spares_older_unsynced_writes_and_synced_ones()
    {
        var d = new SimulatedDevice(new CrashModel(512, PersistProbability: 1, Fault: FaultModel.Garbage), 7);
        var f = d.Open("f", FileClass.Data);
        var g = d.Open("g", FileClass.Wal);
        var h = d.Open("h", FileClass.Data);
        h.Write(0, Filled(8192, 5));
        h.Sync();
        f.Write(0, Filled(8192, 3));
        g.Write(0, Filled(8192, 4));
        d.Crash();
        Assert.Equal(Filled(8192, 5), d.DurableImage("h"));
        Assert.Equal(Filled(8192, 3), d.DurableImage("f"));
        Assert.Single(Sectors(d.DurableImage("g")), s => !s.All(b => b == 4));
    }

    [Fact]
    public void Garbage_never_hits_a_whole_atomic_unit()
    {
        for (int seed = 0; seed < 30; seed++)
        {
            var d = OverwrittenPage(new CrashModel(512, AtomicUnit: 8192, Fault: FaultModel.Garbage), seed);
            d.Crash();
            var img = d.DurableImage("f");
            Assert.True(img.All(b => b == 1) || img.All(b => b == 2), $"seed {seed}: an atomic page write came back neither old nor new");
        }
    }

    [Fact]
    public void Byte_tear_mixes_old_and_new_bytes_inside_a_sector()
    {
        bool mixedSector = false;
        for (int seed = 0; seed < 20 && !mixedSector; seed++)
        {
            var d = OverwrittenPage(new CrashModel(512, Fault: FaultModel.ByteTear), seed);
            d.Crash();
            var img = d.DurableImage("f");
            Assert.All(img, b => Assert.True(b is 1 or 2, "every byte is old or new"));
            mixedSector = Sectors(img).Any(s => s.Contains((byte)1) && s.Contains((byte)2));
        }
        Assert.True(mixedSector, "no sector was torn inside in 20 crashes");
    }

    [Fact]
    public void Sector_never_mixes_old_and_new_bytes_inside_a_sector()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var d = OverwrittenPage(new CrashModel(512), seed);
            d.Crash();
            Assert.All(Sectors(d.DurableImage("f")), s => Assert.True(s.All(b => b == s[0])));
        }
    }

    [Fact]
    public void A_lying_flush_loses_a_synced_write_still_in_the_drive_cache()
    {
        var d = new SimulatedDevice(new CrashModel(512, PersistProbability: 0, Fault: FaultModel.LyingFlush), 1);
        var f = d.Open("f", FileClass.Data);
        f.Write(0, Filled(8192, 1));
        f.Sync();
        Assert.Equal(8192, d.CachedBytes);
        d.Crash();
        var back = new byte[8192];
        f.Read(0, back);
        Assert.Equal(new byte[8192], back);
    }

    [Fact]
    public void A_lying_flush_destages_the_oldest_writes_once_the_cache_is_full()
    {
        var d = new SimulatedDevice(new CrashModel(512, PersistProbability: 0, Fault: FaultModel.LyingFlush) { CacheBytes = 16384 }, 1);
        var f = d.Open("f", FileClass.Data);
        for (int i = 0; i < 4; i++)
        {
            f.Write(i * 8192L, Filled(8192, (byte)(i + 1)));
            f.Sync();
        }
        // Later writes to page 0 must not change what was destaged from the cache.
        f.Write(0, Filled(8192, 9));
        d.Crash();
        var img = d.DurableImage("f");
        Assert.Equal(Filled(8192, 1), img[..8192]);
        Assert.Equal(Filled(8192, 2), img[8192..16384]);
        Assert.Equal(new byte[16384], img[16384..]);
    }

    [Fact]
    public void A_clone_starts_with_the_drive_cache_on_the_media()
    {
        var d = new SimulatedDevice(new CrashModel(512, PersistProbability: 0, Fault: FaultModel.LyingFlush), 1);
        var f = d.Open("f", FileClass.Data);
        f.Write(0, Filled(8192, 1));
        f.Sync();
        var c = d.Clone(2);
        c.Crash();
        Assert.Equal(Filled(8192, 1), c.DurableImage("f"));
    }

    [Fact]
    public void Metadata_loses_a_file_extension_that_was_not_synced()
    {
        var d = new SimulatedDevice(new CrashModel(512, PersistProbability: 1, Fault: FaultModel.Metadata), 1);
        var f = d.Open("f", FileClass.Data);
        f.Write(0, Filled(8192, 1));
        f.Sync();
        f.Write(8192, Filled(8192, 2));
        d.Crash();
        Assert.Equal(8192, f.Length);
        Assert.Equal(Filled(8192, 1), d.DurableImage("f"));
    }

    [Fact]
    public void Sector_keeps_the_length_unsynced_writes_gave_the_file()
    {
        var d = new SimulatedDevice(new CrashModel(512, PersistProbability: 0), 1);
        var f = d.Open("f", FileClass.Data);
        f.Write(0, Filled(8192, 1));
        f.Sync();
        f.Write(8192, Filled(8192, 2));
        d.Crash();
        Assert.Equal(16384, f.Length);
    }
}
