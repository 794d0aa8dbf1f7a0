using TornPages.Storage;

namespace TornPages.Storage.Tests;

public class SimulatedDeviceCrashTests
{
    private static byte[] Filled(int n, byte v) => Enumerable.Repeat(v, n).ToArray();

    [Fact]
    public void A_synced_write_survives_a_crash()
    {
        var d = new SimulatedDevice(new CrashModel(512, PersistProbability: 0));
        var f = d.Open("f", FileClass.Data);
        f.Write(0, Filled(8192, 1));
        f.Sync();
        d.Crash();
        Assert.Equal(Filled(8192, 1), d.DurableImage("f"));
    }

    [Fact]
    public void An_unsynced_write_is_lost_when_no_sector_persists()
    {
        var d = new SimulatedDevice(new CrashModel(512, PersistProbability: 0));
        var f = d.Open("f", FileClass.Data);
        f.Write(0, Filled(8192, 1));
        f.Sync();
        f.Write(0, Filled(8192, 2));
        d.Crash();
        var back = new byte[8192];
        f.Read(0, back);
        Assert.Equal(Filled(8192, 1), back);
    }

    [Fact]
    public void An_unsynced_page_write_tears_at_sector_boundaries()
    {
        var d = new SimulatedDevice(new CrashModel(512), seed: 3);
        var f = d.Open("f", FileClass.Data);
        f.Write(0, Filled(8192, 1));
        f.Sync();
        f.Write(0, Filled(8192, 2));
        d.Crash();
        var img = d.DurableImage("f");
        var sectors = Enumerable.Range(0, 16).Select(s => img.AsSpan(s * 512, 512).ToArray()).ToList();
        Assert.All(sectors, s => Assert.True(s.All(b => b == 1) || s.All(b => b == 2), "each sector is old or new as a whole"));
        Assert.Contains(sectors, s => s[0] == 1);
        Assert.Contains(sectors, s => s[0] == 2);
    }

    [Fact]
    public void An_atomic_write_unit_makes_an_aligned_page_write_all_or_nothing()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            var d = new SimulatedDevice(new CrashModel(512, AtomicUnit: 8192), seed);
            var f = d.Open("f", FileClass.Data);
            f.Write(0, Filled(8192, 1));
            f.Sync();
            f.Write(0, Filled(8192, 2));
            d.Crash();
            var img = d.DurableImage("f");
            Assert.True(img.All(b => b == 1) || img.All(b => b == 2), $"seed {seed}: page torn despite atomic unit");
        }
    }

    [Fact]
    public void Crashes_are_deterministic_from_the_seed()
    {
        byte[] Run(int seed)
        {
            var d = new SimulatedDevice(new CrashModel(512), seed);
            var f = d.Open("f", FileClass.Data);
            for (int i = 0; i < 10; i++) f.Write(i * 8192, Filled(8192, (byte)(i + 1)));
            d.Crash();
            return d.DurableImage("f");
        }
        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }

    [Theory]
    [InlineData(CrashTiming.Before, 0)]
    [InlineData(CrashTiming.After, 1)]
    public void An_armed_crash_fires_at_the_kth_call_before_or_after_it(CrashTiming timing, int expectSecondWrite)
    {
        var d = new SimulatedDevice(new CrashModel(512, PersistProbability: 1));
        var f = d.Open("f", FileClass.Data);
        d.ArmCrash(2, timing);
        f.Write(0, [1]);
        Assert.Throws<SimulatedCrashException>(() => f.Write(1, [1]));
        Assert.Throws<SimulatedCrashException>(() => f.Write(2, [1]));
        d.Crash();
        var img = d.DurableImage("f");
        Assert.Equal(1, img[0]);
        Assert.Equal(expectSecondWrite, img.Length > 1 ? img[1] : 0);
        Assert.Equal(0, img.Length > 2 ? img[2] : 0);
    }

    [Fact]
    public void A_crash_model_rejects_sector_sizes_other_than_512_and_4096() =>
        Assert.Throws<ArgumentException>(() => new SimulatedDevice(new CrashModel(1024)));
}
