using System.Text.Json;
using TornPages.Harness.Devices;
using TornPages.Harness.Results;
using TornPages.Harness.Runs;
using TornPages.Harness.Tests.Cli;
using TornPages.Storage;

namespace TornPages.Harness.Tests.Devices;

public class DeviceSpecTests
{
    [Fact]
    public void Sim_ssd_is_the_nvme_profile_under_its_older_name()
    {
        var ssd = (DiskCost)DeviceSpec.Profile("sim-ssd");
        var nvme = (DiskCost)DeviceSpec.Profile("sim-nvme-plp");
        Assert.Equal(("nvme-plp", 0.000_1, 1.5e9, 0.0), (ssd.Name, ssd.FlushSeconds, ssd.BytesPerSecond, ssd.MaxSeekSeconds));
        Assert.Equal((nvme.Name, nvme.FlushSeconds, nvme.BytesPerSecond), (ssd.Name, ssd.FlushSeconds, ssd.BytesPerSecond));
    }

    [Fact]
    public void A_key_changes_that_figure_and_keeps_the_others()
    {
        var hdd = (DiskCost)DeviceSpec.Profile("sim-hdd:sync_us=2000");
        Assert.Equal(0.002, hdd.FlushSeconds, 12);
        Assert.Equal(DeviceProfiles.Hdd.BytesPerSecond, hdd.BytesPerSecond);
        Assert.Equal(DeviceProfiles.Hdd.MaxSeekSeconds, hdd.MaxSeekSeconds);

        var bbwc = (CachedDiskCost)DeviceSpec.Profile("sim-bbwc:cache_mb=16,write_mbps=100,seek_ms=4");
        Assert.Equal(16L << 20, bbwc.CacheBytes);
        Assert.Equal(100e6, bbwc.Disk.BytesPerSecond);
        Assert.Equal((0.004, 0.000_25), (bbwc.Disk.MaxSeekSeconds, bbwc.Disk.MinSeekSeconds));
        Assert.Equal(DeviceProfiles.Bbwc.CacheSyncSeconds, bbwc.CacheSyncSeconds);

        Assert.True(hdd.FlushHoldsQueue);
        Assert.False(((DiskCost)DeviceSpec.Profile("sim-hdd:exclusive_flush=0")).FlushHoldsQueue);
        Assert.True(((DiskCost)DeviceSpec.Profile("sim-nvme-plp:exclusive_flush=1")).FlushHoldsQueue);

        Assert.True(hdd.PageCache);
        Assert.False(DeviceSpec.Profile("sim-hdd:page_cache=0").PageCache);
        Assert.False(DeviceSpec.Profile("sim-nvme-plp").PageCache);
        Assert.False(DeviceSpec.Profile("sim-bbwc").PageCache);
        Assert.True(DeviceSpec.Profile("sim-hdd:page_cache=1").PageCache);
        Assert.True(DeviceSpec.Profile("sim-bbwc:page_cache=1").PageCache);
        Assert.True(DeviceSpec.Profile("sim-probe:sync_us=100,write_mbps=500,page_cache=1").PageCache);
    }

    [Theory]
    [InlineData("sim-floppy", "unknown device profile 'floppy'")]
    [InlineData("sim-hdd:sync_us=fast", "sync_us must be a positive number")]
    [InlineData("sim-hdd:sync_us=0", "sync_us must be a positive number")]
    [InlineData("sim-hdd:rpm=15000", "'rpm=15000' is not key=value with a key of")]
    [InlineData("sim-hdd:cache_mb=512", "cache_mb is for sim-bbwc only")]
    [InlineData("sim-hdd:sync_us=1,sync_us=2", "sync_us given twice")]
    [InlineData("sim-hdd:exclusive_flush=yes", "exclusive_flush must be 0 or 1")]
    [InlineData("sim-ssd:page_cache=2", "page_cache must be 0 or 1")]
    [InlineData("sim-bbwc:exclusive_flush=1", "exclusive_flush=1 is not for sim-bbwc")]
    [InlineData("sim-probe:seek_ms=1", "sim-probe needs sync_us and write_mbps")]
    [InlineData("sim:probe=/no/such/place", "no such directory or file")]
    [InlineData("tape", "unknown device 'tape'")]
    public void A_bad_device_is_one_line_naming_what_is_wrong(string spec, string message)
    {
        var r = Tornbench.Run("run", "--strategy", "fpw", "--txns", "10", "--device", spec, "--out", Tornbench.TempDir());
        Assert.Equal(2, r.Exit);
        Assert.Contains(message, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    [Fact]
    public void A_saved_probe_becomes_the_figures_fitted_to_it_and_runs_csv_records_them()
    {
        string dir = Tornbench.TempDir();
        string file = Path.Combine(dir, "probe.json");
        var probe = new ProbeResult("/mnt/disk", 1000, 5, 200, MedianMs: 5.0, P99Ms: 9) { WriteBytesPerSecond = 200e6, Rotational = true };
        File.WriteAllText(file, JsonSerializer.Serialize(probe, MetaInfo.Json));
        // 5 ms less the 8 KB transfer at 200 MB/s (41 us); the hdd profile's seeks for a rotational disk.
        Assert.Equal("sim-probe:sync_us=4959,write_mbps=200,seek_ms=8,exclusive_flush=1,page_cache=1", DeviceSpec.Resolve("sim:probe=" + file));
        var fitted = (DiskCost)DeviceSpec.Profile(DeviceSpec.Resolve("sim:probe=" + file));
        Assert.Equal((0.004_959, 200e6, 0.008), (fitted.FlushSeconds, fitted.BytesPerSecond, fitted.MaxSeekSeconds));

        // A sweep's meta.json holds the probe under "probe".
        string meta = Path.Combine(dir, "meta.json");
        new MetaInfo { Probe = probe with { Rotational = false } }.Write(meta);
        Assert.Equal("sim-probe:sync_us=4959,write_mbps=200,seek_ms=0,exclusive_flush=0,page_cache=0", DeviceSpec.Resolve("sim:probe=" + meta));
        // A virtual disk the kernel calls rotational, flushing in 0.3 ms: no platter turns that fast.
        new MetaInfo { Probe = probe with { MedianMs = 0.3 } }.Write(Path.Combine(dir, "virtual.json"));
        Assert.Equal("sim-probe:sync_us=259,write_mbps=200,seek_ms=0,exclusive_flush=0,page_cache=0", DeviceSpec.Resolve("sim:probe=" + Path.Combine(dir, "virtual.json")));

        string outDir = Tornbench.TempDir();
        var r = Tornbench.Run("run", "--strategy", "fpw", "--txns", "200", "--device", "sim:probe=" + file, "--out", outDir);
        Assert.True(r.Exit == 0, r.Err);
        var row = CsvAppender.Read<RunResult>(Path.Combine(outDir, "runs.csv"))[0];
        Assert.Equal("sim-probe:sync_us=4959,write_mbps=200,seek_ms=8,exclusive_flush=1,page_cache=1", row.Device);
        Assert.Equal("simulated", row.TimeBasis);
        // One client on a disk turning once in about 5 ms: one commit a turn, about 200 a second at most.
        Assert.InRange(row.Tps, 100, 1 / 0.004_959 * 1.02);
    }

    [Fact]
    public void A_probe_from_before_the_bandwidth_was_measured_is_refused()
    {
        string file = Path.Combine(Tornbench.TempDir(), "old.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new ProbeResult("/d", 10, 1, 10, 1, 2), MetaInfo.Json));
        var e = Assert.Throws<ArgumentException>(() => DeviceSpec.Resolve("sim:probe=" + file));
        Assert.Contains("no write bandwidth", e.Message);
    }

    [Fact]
    public void Probing_a_directory_measures_it_saves_the_probe_and_leaves_nothing_behind()
    {
        string disk = Tornbench.TempDir();
        string save = Path.Combine(Tornbench.TempDir(), "p.json");
        var r = Tornbench.Run("probe", "--dir", disk, "--writes", "50", "--save", save);
        Assert.True(r.Exit == 0, r.Err);
        Assert.Contains("simulated profile: sim-probe:sync_us=", r.Out);
        Assert.Empty(Directory.GetFileSystemEntries(disk));
        Assert.StartsWith("sim-probe:sync_us=", DeviceSpec.Resolve("sim:probe=" + save));
        // Never overwritten.
        var again = Tornbench.Run("probe", "--dir", disk, "--writes", "50", "--save", save);
        Assert.Equal(2, again.Exit);
        Assert.Contains("the file exists", again.Err);
    }
}

/// <summary>
/// Seed 003's point: a small double-write buffer was built to live inside a battery-backed write
/// cache, where its frequent syncs are cheap. Measured here as tps; its ratio to fpw's is what the
/// README's device tables show (which way it goes depends on the page cache, the pool, the clients and
/// the server's CPU: see there).
/// </summary>
public class DeviceProfileRunTests
{
    private static double Tps(string strategy, string device, string dir, int buffers = 1024)
    {
        var r = Tornbench.Run("run", "--strategy", strategy, "--scale", "10", "--txns", "3000", "--buffers", buffers.ToString(), "--device", device, "--out", dir);
        Assert.True(r.Exit == 0, r.Err);
        return CsvAppender.Read<RunResult>(Path.Combine(dir, "runs.csv"))[^1].Tps;
    }

    [Fact]
    public void Dwb_small_runs_many_times_faster_behind_a_battery_backed_cache_than_on_the_bare_disk_and_the_cache_is_why()
    {
        string dir = Tornbench.TempDir();
        double hdd = Tps("dwb-small", "sim-hdd", dir), bbwc = Tps("dwb-small", "sim-bbwc", dir);
        Assert.True(bbwc > 10 * hdd, $"dwb-small: {bbwc:F0} tps on sim-bbwc, {hdd:F0} on sim-hdd");
        // The same controller with a cache too small to hold a checkpoint's writes is nearly the disk.
        double full = Tps("dwb-small", "sim-bbwc:cache_mb=1", dir);
        Assert.True(full < bbwc / 10, $"dwb-small at {full:F0} tps behind a 1 MiB cache, {bbwc:F0} behind 1 GiB");
    }

    [Fact]
    public void Syncs_one_after_another_add_up_so_per_page_syncs_cost_dwb_small_throughput_on_every_device()
    {
        string dir = Tornbench.TempDir();
        foreach (var device in new[] { "sim-nvme-plp", "sim-bbwc" })
        {
            double ratio = Tps("dwb-small", device, dir) / Tps("fpw", device, dir);
            // About 2.6 syncs per transaction of its own against fpw's one: its throughput cannot stay near fpw's.
            Assert.True(ratio < 0.7, $"dwb-small / fpw on {device}: {ratio:F2}");
        }
    }

    [Fact]
    public void With_the_page_cache_and_the_database_in_the_pool_dwb_small_keeps_more_of_fpws_throughput_behind_the_cache_than_on_the_disk()
    {
        string dir = Tornbench.TempDir();
        double Ratio(string device) => Tps("dwb-small", device, dir, 16384) / Tps("fpw", device, dir, 16384);
        double hdd = Ratio("sim-hdd:page_cache=1"), bbwc = Ratio("sim-bbwc:page_cache=1");
        Assert.True(bbwc > hdd, $"dwb-small / fpw: {bbwc:F3} behind the cache, {hdd:F3} on the disk");
    }

    [Fact]
    public void On_the_disk_writes_go_through_the_page_cache_by_default_so_fpws_checkpoint_writes_no_longer_hold_up_every_commit()
    {
        string dir = Tornbench.TempDir();
        double buffered = Tps("fpw", "sim-hdd", dir, 16384), direct = Tps("fpw", "sim-hdd:page_cache=0", dir, 16384);
        // Without it the paced checkpoint writes reach the disk one at a time between commits and each commit seeks back.
        Assert.True(buffered > 1.5 * direct, $"fpw on sim-hdd: {buffered:F0} tps by default, {direct:F0} with page_cache=0");
    }
}
