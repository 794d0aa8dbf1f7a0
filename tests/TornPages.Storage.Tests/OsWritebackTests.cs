using TornPages.Storage;

namespace TornPages.Storage.Tests;

/// <summary>The simulated kernel page cache (page_cache=1): when writes cost the device, and how much.</summary>
public class OsWritebackTests
{
    private static readonly DiskCost Buffered = DeviceProfiles.Hdd.With(pageCache: true);
    private static readonly DiskCost Direct = DeviceProfiles.Hdd.With(pageCache: false);

    private static byte[] Page => new byte[8192];

    [Fact]
    public void A_page_rewritten_before_its_sync_costs_the_device_one_write()
    {
        double Charged(DiskCost cost)
        {
            var device = new SimulatedDevice(cost: cost);
            var f = device.Open("rel", FileClass.Data);
            for (int i = 0; i < 10; i++) f.Write(0, Page);
            f.Sync();
            return device.SimulatedSeconds;
        }
        double once = Charged(Buffered), direct = Charged(Direct);
        // One write, then the file's first flush: half a turn.
        Assert.Equal(DeviceProfiles.Hdd.Transfer(false, 0, 8192) + DeviceProfiles.Hdd.FlushSeconds / 2, once, 12);
        Assert.True(direct > once + 8 * 8192 / DeviceProfiles.Hdd.BytesPerSecond, $"direct {direct * 1e3:F3} ms, buffered {once * 1e3:F3} ms");
    }

    [Fact]
    public void A_sync_writes_the_files_dirty_pages_in_offset_order_so_the_disk_seeks_less()
    {
        double Charged(DiskCost cost)
        {
            var device = new SimulatedDevice(cost: cost);
            var f = device.Open("rel", FileClass.Data);
            foreach (long page in new long[] { 9000, 10, 7000, 300, 5000, 2000, 8000, 100 }) f.Write(page * 8192, Page);
            f.Sync();
            return device.SimulatedSeconds;
        }
        double sorted = Charged(Buffered), asWritten = Charged(Direct);
        Assert.True(sorted < 0.8 * asWritten, $"sorted {sorted * 1e3:F2} ms, as written {asWritten * 1e3:F2} ms");
    }

    [Fact]
    public void A_checkpoints_writes_reach_the_device_every_32_while_a_clients_wait_for_a_sync()
    {
        var device = new SimulatedDevice(cost: Buffered);
        var f = device.Open("rel", FileClass.Data);
        using (IoCauses.Enter(IoCause.Eviction))
            for (int i = 0; i < 100; i++) f.Write(i * 8192L, Page);
        Assert.Equal(0, device.SimulatedSeconds);
        using (IoCauses.Enter(IoCause.Checkpoint))
        {
            for (int i = 0; i < OsWriteback.CheckpointFlushAfter - 1; i++) f.Write((1000 + i) * 8192L, Page);
            Assert.Equal(0, device.SimulatedSeconds);
            f.Write(2000 * 8192L, Page);
        }
        // checkpoint_flush_after: the 32 are handed over together, sorted (one seek, then sequential but for the last).
        double hinted = device.SimulatedSeconds;
        Assert.InRange(hinted, 32 * 8192 / Buffered.BytesPerSecond, 32 * 8192 / Buffered.BytesPerSecond + 3 * Buffered.MaxSeekSeconds);
        f.Sync();
        Assert.True(device.SimulatedSeconds >= hinted + 100 * 8192 / Buffered.BytesPerSecond + Buffered.FlushSeconds / 2);
    }

    [Fact]
    public void The_flusher_writes_back_what_has_been_dirty_for_thirty_seconds()
    {
        var device = new SimulatedDevice(cost: Buffered);
        double now = 0;
        device.Clock = () => now;
        var (old, young) = (device.Open("a", FileClass.Data), device.Open("b", FileClass.Data));
        old.Write(0, Page);
        now = 20;
        young.Write(0, Page);
        now = 29;
        young.Write(8192, Page);
        Assert.Equal(0, device.SimulatedSeconds);
        // The flusher's wake-up at 35 s finds only the first write old enough.
        now = 35;
        young.Write(16384, Page);
        Assert.Equal(DeviceProfiles.Hdd.Transfer(false, 0, 8192), device.SimulatedSeconds, 12);
    }

    [Fact]
    public void Power_loss_forgets_what_the_page_cache_held()
    {
        var device = new SimulatedDevice(cost: Buffered);
        var f = device.Open("rel", FileClass.Data);
        f.Write(0, Page);
        device.Crash();
        f = device.Open("rel", FileClass.Data);
        f.Sync();
        // Nothing to write back: the flush alone, the file's first (half a turn).
        Assert.Equal(Buffered.FlushSeconds / 2, device.SimulatedSeconds, 12);
    }
}
