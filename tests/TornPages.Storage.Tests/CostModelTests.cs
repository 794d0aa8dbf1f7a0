using TornPages.Storage;

namespace TornPages.Storage.Tests;

public class CostModelTests
{
    private static CachedDiskCost SmallCache(long bytes) => DeviceProfiles.Bbwc.With(cacheBytes: bytes);

    [Fact]
    public void A_disk_without_a_cache_charges_a_seek_for_a_far_write_and_none_for_the_next_sequential_one()
    {
        var hdd = DeviceProfiles.Hdd;
        double far = hdd.WriteSeconds(0, "f", 512L << 20, 8192, sameFile: true, distance: 512L << 20);
        double next = hdd.WriteSeconds(0, "f", (512L << 20) + 8192, 8192, sameFile: true, distance: 0);
        Assert.True(far > hdd.MinSeekSeconds, $"{far}");
        Assert.Equal(8192 / hdd.BytesPerSecond, next, 12);
        Assert.Equal(60.0 / 7200, hdd.FlushSeconds, 12);
    }

    [Fact]
    public void A_disks_flush_right_after_the_files_previous_one_waits_nearly_a_whole_turn_as_one_commit_a_rotation()
    {
        var hdd = (DiskCost)DeviceProfiles.Hdd.Fresh();
        double turn = hdd.FlushSeconds;
        // A file's first flush: its place is anywhere on the track, half a turn away on average.
        double first = hdd.SyncSeconds(0, "wal");
        Assert.Equal(turn / 2, first, 12);
        // The next commit's flush 30 µs later: the place just written has to come round again.
        double next = hdd.SyncSeconds(first + 30e-6, "wal");
        Assert.Equal(turn - 30e-6, next, 12);
        // 120 such commits take a second on a 7200 rpm disk (the first waits half a turn).
        var disk = (DiskCost)DeviceProfiles.Hdd.Fresh();
        double t = 0;
        for (int i = 0; i < 120; i++) t += 30e-6 + disk.SyncSeconds(t + 30e-6, "wal");
        Assert.InRange(t, 0.99, 1.01);
    }

    [Fact]
    public void A_disks_flush_at_any_other_moment_waits_half_a_turn_on_average_and_never_more_than_one()
    {
        var hdd = (DiskCost)DeviceProfiles.Hdd.Fresh();
        double turn = hdd.FlushSeconds, t = 0, sum = 0;
        var random = new Random(7);
        const int Flushes = 2000;
        for (int i = 0; i < Flushes; i++)
        {
            t += random.NextDouble() * 0.1;
            double wait = hdd.SyncSeconds(t, "data");
            Assert.InRange(wait, 0, turn);
            sum += wait;
            t += wait;
        }
        Assert.InRange(sum / Flushes, 0.45 * turn, 0.55 * turn);
        // Files turn independently of each other's flushes; a device's copy starts with none known.
        Assert.Equal(turn / 2, hdd.SyncSeconds(t, "other"), 12);
        Assert.Equal(turn / 2, ((DiskCost)hdd.Fresh()).SyncSeconds(t, "data"), 12);
    }

    [Fact]
    public void On_a_device_that_only_sums_its_time_a_commit_after_a_commit_costs_a_turn_each()
    {
        // No clock (the load's summed device time): each flush starts when the one before ended.
        var device = new SimulatedDevice(cost: DeviceProfiles.Hdd.With(pageCache: false));
        var wal = device.Open("wal", FileClass.Wal);
        for (int i = 0; i < 100; i++)
        {
            wal.Write(0, new byte[8192]);
            wal.Sync();
        }
        double turn = DeviceProfiles.Hdd.FlushSeconds, transfer = 8192 / DeviceProfiles.Hdd.BytesPerSecond;
        Assert.InRange(device.SimulatedSeconds, 99 * turn, 100 * (turn + transfer));
    }

    [Fact]
    public void A_drive_without_a_head_flushes_in_its_latency_whenever_the_flush_comes()
    {
        var nvme = DeviceProfiles.NvmePlp;
        Assert.False(nvme.Rotates);
        Assert.Equal(nvme.FlushSeconds, nvme.SyncSeconds(0, "wal"));
        Assert.Equal(nvme.FlushSeconds, nvme.SyncSeconds(nvme.FlushSeconds + 1e-6, "wal"));
    }

    [Fact]
    public void A_battery_backed_cache_takes_writes_at_its_own_speed_until_it_is_full_then_at_the_disks()
    {
        var bbwc = (CachedDiskCost)SmallCache(64 * 1024).Fresh();
        // Eight scattered 8 KB writes fill 64 KB of cache: each costs only its transfer into the cache.
        for (int i = 0; i < 8; i++)
        {
            double s = bbwc.WriteSeconds(0, "data", i * (64L << 20), 8192, false, 64L << 20);
            Assert.Equal(8192 / bbwc.CacheBytesPerSecond, s, 12);
        }
        Assert.Equal(64 * 1024, bbwc.Occupied);
        // The ninth waits for the disk to destage the oldest block: a seek at least.
        double ninth = bbwc.WriteSeconds(0, "data", 9 * (64L << 20), 8192, false, 64L << 20);
        Assert.True(ninth > DeviceProfiles.Hdd.MinSeekSeconds, $"the ninth write took {ninth * 1e3:F3} ms");
        // A flush is the controller's, whatever the cache holds.
        Assert.Equal(bbwc.CacheSyncSeconds, bbwc.SyncSeconds(0, "data"));
    }

    [Fact]
    public void Rewrites_of_a_block_still_in_the_cache_cost_the_disk_nothing_more()
    {
        var bbwc = (CachedDiskCost)SmallCache(64 * 1024).Fresh();
        // A commit per write rewriting the WAL's tail page: the cache never fills.
        for (int i = 0; i < 10_000; i++)
            Assert.Equal(8192 / bbwc.CacheBytesPerSecond, bbwc.WriteSeconds(i * 1e-6, "wal", 0, 8192, true, 0), 12);
        Assert.Equal(8192, bbwc.Occupied);
    }

    [Fact]
    public void A_cache_left_idle_has_destaged_and_takes_writes_at_its_own_speed_again()
    {
        var bbwc = (CachedDiskCost)SmallCache(64 * 1024).Fresh();
        for (int i = 0; i < 16; i++) bbwc.WriteSeconds(0, "data", i * (64L << 20), 8192, false, 64L << 20);
        double later = bbwc.WriteSeconds(10, "data", 17 * (64L << 20), 8192, false, 64L << 20);
        Assert.Equal(8192 / bbwc.CacheBytesPerSecond, later, 12);
        Assert.Equal(8192, bbwc.Occupied);
    }

    [Fact]
    public void Each_device_gets_its_own_cache_state()
    {
        var a = new SimulatedDevice(cost: SmallCache(16 * 1024));
        var b = new SimulatedDevice(cost: SmallCache(16 * 1024));
        var fa = a.Open("d", FileClass.Data);
        for (int i = 0; i < 4; i++) fa.Write(i * (64L << 20), new byte[8192]);
        Assert.Equal(16 * 1024, ((CachedDiskCost)a.Cost!).Occupied);
        Assert.Equal(0, ((CachedDiskCost)b.Cost!).Occupied);
    }

    [Fact]
    public void Replacing_the_devices_clock_moves_the_caches_destage_times_with_it()
    {
        // Loaded on summed device time (no clock), then run on a clock that starts at 0: the next
        // write must wait as long as it would have at the end of the load, not for the old clock.
        double Next(bool newClock)
        {
            var device = new SimulatedDevice(cost: SmallCache(64 * 1024));
            var f = device.Open("d", FileClass.Data);
            for (int i = 0; i < 8; i++) f.Write(i * (64L << 20), new byte[8192]);
            if (newClock)
            {
                double now = 0;
                device.Clock = () => now;
            }
            double before = device.SimulatedSeconds;
            f.Write(9 * (64L << 20), new byte[8192]);
            return device.SimulatedSeconds - before;
        }
        double kept = Next(newClock: false), moved = Next(newClock: true);
        Assert.True(kept > DeviceProfiles.Hdd.MinSeekSeconds, $"{kept}");
        Assert.Equal(kept, moved, 9);
    }

    /// <summary>When a second caller's write and flush are done, after a first caller's write and flush to another file, all issued at once.</summary>
    private static (double First, double Second) TwoFlushes(CostModel cost)
    {
        var device = new SimulatedDevice(cost: cost);
        device.Clock = () => 0;
        var (a, b) = (device.Open("wal", FileClass.Wal), device.Open("rel", FileClass.Data));
        a.Write(0, new byte[8192]);
        a.Sync();
        double first = device.TakeSyncsDone();
        b.Write(0, new byte[8192]);
        b.Sync();
        return (first, device.TakeSyncsDone());
    }

    [Fact]
    public void A_disks_flush_holds_its_queue_so_a_write_made_during_it_and_the_next_flush_wait_for_it()
    {
        var (first, second) = TwoFlushes(DeviceProfiles.Hdd);
        // The second file's first flush: half a turn, after the first flush.
        Assert.True(second >= first + DeviceProfiles.Hdd.FlushSeconds / 2, $"first flush done at {first * 1e3:F3} ms, second at {second * 1e3:F3} ms");
    }

    [Fact]
    public void A_disks_flush_waits_for_the_writes_queued_before_it_whatever_their_file()
    {
        // Without the page cache, so that the data file's write is on the drive's queue when the WAL's flush comes.
        var device = new SimulatedDevice(cost: DeviceProfiles.Hdd.With(pageCache: false));
        device.Clock = () => 0;
        var (wal, rel) = (device.Open("wal", FileClass.Wal), device.Open("rel", FileClass.Data));
        rel.Write(512L << 20, new byte[8192]);
        wal.Sync();
        // The data file's write seeks first: the drive drains its queue before it flushes its cache.
        Assert.True(device.TakeSyncsDone() > DeviceProfiles.Hdd.FlushSeconds / 2 + DeviceProfiles.Hdd.MinSeekSeconds);
    }

    [Fact]
    public void A_flush_answered_from_a_durable_cache_leaves_the_queue_running()
    {
        foreach (var cost in new CostModel[] { DeviceProfiles.NvmePlp, DeviceProfiles.Bbwc })
        {
            var (first, second) = TwoFlushes(cost);
            double flush = cost.Fresh().SyncSeconds(0, "wal");
            Assert.True(second < first + flush, $"{cost.Name}: first flush done at {first * 1e6:F1} us, second at {second * 1e6:F1} us");
        }
    }
}
