namespace TornPages.Storage;

/// <summary>
/// The simulated device's cost profiles (--device sim-NAME). The figures are round numbers of the
/// kind of drive each names, from its mechanics or from what pg_test_fsync reports on such drives;
/// a profile fitted to a real disk (sim:probe) or one figure changed (sim-NAME:key=value) is how a
/// user models their own.
/// </summary>
public static class DeviceProfiles
{
    /// <summary>
    /// A datacenter NVMe SSD with power-loss protection: its write cache survives power loss, so a
    /// flush has nothing to wait for but the command itself (100 µs: 10,000 fdatasync/s, the low
    /// end of what such drives show), and nothing seeks; 1.5 GB/s sequential writes.
    /// </summary>
    public static DiskCost NvmePlp { get; } = new("nvme-plp", syncSeconds: 0.000_1, bytesPerSecond: 1.5e9);

    /// <summary>
    /// A consumer SSD without power-loss protection: a flush must write its volatile cache to NAND
    /// (2 ms: 500 fdatasync/s, in the range pg_test_fsync shows on such drives), 1 GB/s. Honest
    /// flushes; the drives that acknowledge a flush early are the crash trials' lying-flush fault.
    /// A SATA flush is a non-queued command: it holds the drive's queue while the cache is written.
    /// </summary>
    public static DiskCost SsdConsumer { get; } = new("ssd-consumer", syncSeconds: 0.002, bytesPerSecond: 1.0e9, flushHoldsQueue: true);

    /// <summary>
    /// A 7200 rpm disk: a flush waits for its place to come round (one rotation, 60 s / 7200 = 8.3 ms,
    /// for the WAL's tail rewritten by commit after commit: at most 120 commits a second for one
    /// client, as Greg Smith's "PostgreSQL 9.0 High Performance" tabulates and its 7200 rpm drive with
    /// the write cache off measured, 105; half a rotation on average for a flush at any other moment:
    /// <see cref="DiskCost"/>), a seek costs 0.5 ms (track to track) to 8 ms (the datasheets' average)
    /// by distance, 150 MB/s streaming. Its cache is volatile and a flush (SATA FLUSH CACHE,
    /// non-queued) holds its queue. Writes reach it
    /// through the kernel's page cache (<see cref="CostModel.PageCache"/>): without it, paced
    /// checkpoint writes would reach the disk one at a time between commits, and nearly every commit
    /// would seek back from the data file, which writeback's sorted batches spare a real disk.
    /// </summary>
    public static DiskCost Hdd { get; } = new("hdd", syncSeconds: 60.0 / 7200, bytesPerSecond: 150e6, minSeekSeconds: 0.000_5, maxSeekSeconds: 0.008, flushHoldsQueue: true) { PageCache = true };

    /// <summary>
    /// A RAID controller with 1 GiB of battery-backed write cache (the size such controllers ship
    /// with: 1 to 4 GB) in front of the 7200 rpm disk: writes land at 1 GB/s, a flush returns in
    /// 50 µs because the cache is durable, and the cache destages to the disk at the disk's cost;
    /// when it is full, writes wait for the disk.
    /// </summary>
    public static CachedDiskCost Bbwc { get; } = new("bbwc", Hdd, cacheBytes: 1L << 30, cacheBytesPerSecond: 1.0e9, cacheSyncSeconds: 0.000_05);

    /// <summary>Every named profile; sim-ssd is nvme-plp's older name.</summary>
    public static IReadOnlyDictionary<string, CostModel> ByName { get; } = new Dictionary<string, CostModel>(StringComparer.Ordinal)
    {
        ["nvme-plp"] = NvmePlp, ["ssd"] = NvmePlp, ["ssd-consumer"] = SsdConsumer, ["hdd"] = Hdd, ["bbwc"] = Bbwc,
    };
}
