namespace TornPages.Storage;

/// <summary>
/// Simulated device time, so a simulated run can report fsyncs per second, throughput and latency.
/// Such figures are a model, always labelled simulated in results. The device asks how long each
/// write and sync keeps it busy, given when the device starts on it (its own clock, which only
/// moves forward); a model may keep state between calls (a cache that fills and drains), so each
/// device takes its own copy (<see cref="Fresh"/>).
/// </summary>
public abstract class CostModel
{
    /// <summary>The profile's name as it appears in --device (sim-NAME) and results.</summary>
    public abstract string Name { get; }

    /// <summary>Seconds the device is busy with a write of <paramref name="bytes"/> at <paramref name="offset"/> of <paramref name="file"/> that it starts at <paramref name="start"/>.</summary>
    /// <param name="sameFile">The write follows the previous one in the same file.</param>
    /// <param name="distance">Bytes between where the previous write ended and where this one starts.</param>
    public abstract double WriteSeconds(double start, string file, long offset, int bytes, bool sameFile, long distance);

    /// <summary>Seconds a flush of <paramref name="file"/> takes once the file's writes are done, starting at <paramref name="start"/> (called once per flush, in the device's order).</summary>
    public abstract double SyncSeconds(double start, string file);

    /// <summary>
    /// A flush holds the device's queue: it starts once every write queued before it is done and no
    /// write or other flush proceeds until it is over. So is a SATA drive's FLUSH CACHE, a non-queued
    /// command (the drive drains its command queue, then writes its volatile cache to the media);
    /// a drive or controller whose cache is durable acknowledges a flush without stopping its queue.
    /// </summary>
    public virtual bool FlushHoldsQueue => false;

    /// <summary>
    /// Writes reach the device through the kernel's page cache (buffered I/O, as PostgreSQL's): the
    /// device is busy with a write only when writeback hands it over (a sync, a flush_after hint, the
    /// flusher), sorted and once however often it was rewritten meanwhile. False: each write joins
    /// the device's queue when it is made, as if writeback started at once. On only where one queue
    /// is true of the device (the disk, <see cref="DeviceProfiles.Hdd"/>): there an fsync's burst of
    /// writeback stalls every commit behind it, as it does on a disk; a solid-state drive, with its
    /// parallel queues, largely does not, and with one queue the model would make it.
    /// </summary>
    public bool PageCache { get; init; }

    /// <summary>A model in its initial state for a new device (itself when it has no state).</summary>
    public virtual CostModel Fresh() => this;

    /// <summary>The device's clock was replaced: times this model holds move by <paramref name="shift"/> seconds.</summary>
    public virtual void Shift(double shift) { }
}

/// <summary>
/// A drive without a cache that outlives a flush: a write costs its bytes over the bandwidth plus,
/// on a disk with a head, a seek that grows with the distance from where the last write ended (a
/// switch between files counts as a long seek); a flush costs its latency and, when the drive's
/// cache is volatile, holds its queue (<see cref="CostModel.FlushHoldsQueue"/>).
/// On a drive that seeks the platters turn, and <see cref="FlushSeconds"/> is one turn: a flush
/// waits until the place the file's previous flush ended comes under the head again. So a flush
/// right after the file's previous one waits nearly a whole turn (the WAL's tail, rewritten commit
/// after commit: one commit a rotation, what pg_test_fsync and <c>tornbench probe</c>, rewriting one
/// block, measure on such a disk), and one after a while anything up to a turn, half on average
/// (a file's first flush: half). Without a head a flush always takes <see cref="FlushSeconds"/>.
/// </summary>
public sealed class DiskCost(string name, double syncSeconds, double bytesPerSecond, double minSeekSeconds = 0, double maxSeekSeconds = 0, bool flushHoldsQueue = false)
    : CostModel
{
    public override string Name => name;
    public double FlushSeconds { get; } = syncSeconds;
    public override bool FlushHoldsQueue { get; } = flushHoldsQueue;
    public double BytesPerSecond { get; } = bytesPerSecond;
    public double MinSeekSeconds { get; } = minSeekSeconds;
    public double MaxSeekSeconds { get; } = maxSeekSeconds;

    /// <summary>Writes within this distance of the last one's end stream on (no seek).</summary>
    private const long SequentialSlack = 64 * 1024;

    /// <summary>The distance a full-stroke seek covers, in bytes of file offset.</summary>
    private const double FullStroke = 1L << 30;

    public override double WriteSeconds(double start, string file, long offset, int bytes, bool sameFile, long distance) => Transfer(sameFile, distance, bytes);

    /// <summary>A write's seek and transfer, whenever it starts.</summary>
    public double Transfer(bool sameFile, long distance, int bytes)
    {
        double seek = 0;
        if (MaxSeekSeconds > 0 && (!sameFile || distance > SequentialSlack))
        {
            double fraction = sameFile ? Math.Min(1, distance / FullStroke) : 0.5;
            seek = MinSeekSeconds + (MaxSeekSeconds - MinSeekSeconds) * Math.Sqrt(fraction);
        }
        return seek + bytes / BytesPerSecond;
    }

    /// <summary>A drive that seeks has platters, and a flush waits for them to turn (see the class).</summary>
    public bool Rotates => MaxSeekSeconds > 0;

    // When each file's last flush ended: the place it wrote then passes under the head once a turn.
    private readonly Dictionary<string, double> _flushEnds = new(StringComparer.Ordinal);

    public override double SyncSeconds(double start, string file)
    {
        if (!Rotates) return FlushSeconds;
        // A flush of the file still under way when this one starts: the place comes round a turn after it ends.
        double wait = !_flushEnds.TryGetValue(file, out double end) ? FlushSeconds / 2
            : start >= end ? FlushSeconds - (start - end) % FlushSeconds
            : end - start + FlushSeconds;
        _flushEnds[file] = start + wait;
        return wait;
    }

    public override CostModel Fresh() => Rotates ? With() : this;

    public override void Shift(double shift)
    {
        foreach (var file in _flushEnds.Keys.ToList()) _flushEnds[file] += shift;
    }

    public DiskCost With(string? name = null, double? syncSeconds = null, double? bytesPerSecond = null, double? maxSeekSeconds = null, bool? flushHoldsQueue = null, bool? pageCache = null) =>
        new(name ?? Name, syncSeconds ?? FlushSeconds, bytesPerSecond ?? BytesPerSecond,
            maxSeekSeconds is { } m ? (MaxSeekSeconds > 0 ? MinSeekSeconds * m / MaxSeekSeconds : m / 16) : MinSeekSeconds, maxSeekSeconds ?? MaxSeekSeconds,
            flushHoldsQueue ?? FlushHoldsQueue) { PageCache = pageCache ?? PageCache };
}

/// <summary>
/// A RAID controller's battery-backed write cache in front of a disk: a write lands in the cache at
/// the controller's speed and a flush returns as soon as the controller has the data (the battery
/// makes the cache durable), while the cache destages to the disk behind them at the disk's own
/// cost, in the order blocks were first dirtied. A write to a block still waiting in the cache
/// replaces it there and costs the disk nothing more: that is how such a cache absorbs the WAL's
/// tail page rewritten by every commit and a double-write area rewritten in place. When the cache is
/// full a write waits for the destage to free room: from then on the device runs at the disk's speed.
/// </summary>
public sealed class CachedDiskCost(string name, DiskCost disk, long cacheBytes, double cacheBytesPerSecond, double cacheSyncSeconds) : CostModel
{
    /// <summary>The cache's unit: a block is dirty or clean as a whole.</summary>
    public const int BlockSize = 4096;

    // Blocks waiting to be destaged, oldest first, and the same by address (to absorb a rewrite).
    private readonly Queue<(string File, long Block, double DestagedAt)> _queue = new();
    private readonly Dictionary<(string File, long Block), double> _dirty = new();
    private double _destageEnd;
    private string? _destageFile;
    private long _destageNext;

    public override string Name => name;
    public DiskCost Disk { get; } = disk;
    public long CacheBytes { get; } = cacheBytes >= BlockSize ? cacheBytes : throw new ArgumentOutOfRangeException(nameof(cacheBytes));
    public double CacheBytesPerSecond { get; } = cacheBytesPerSecond;
    public double CacheSyncSeconds { get; } = cacheSyncSeconds;

    /// <summary>Bytes dirty in the cache (not yet destaged) at the last call.</summary>
    public long Occupied => (long)_dirty.Count * BlockSize;

    public override double WriteSeconds(double start, string file, long offset, int bytes, bool sameFile, long distance)
    {
        double t = start;
        Destaged(t);
        long first = offset / BlockSize, last = (offset + Math.Max(bytes, 1) - 1) / BlockSize;
        for (long b = first; b <= last; b++)
        {
            if (_dirty.ContainsKey((file, b))) continue;
            // The cache is full: the write waits until the destage has freed a block.
            while (Occupied + BlockSize > CacheBytes && _queue.Count > 0)
            {
                t = Math.Max(t, _queue.Peek().DestagedAt);
                Destaged(t);
            }
            double transfer = Disk.Transfer(file == _destageFile, Math.Abs(b * BlockSize - _destageNext), BlockSize);
            _destageEnd = Math.Max(_destageEnd, t) + transfer;
            (_destageFile, _destageNext) = (file, (b + 1) * BlockSize);
            _queue.Enqueue((file, b, _destageEnd));
            _dirty[(file, b)] = _destageEnd;
        }
        return t - start + bytes / CacheBytesPerSecond;
    }

    /// <summary>Forgets the blocks the disk has written by <paramref name="t"/>.</summary>
    private void Destaged(double t)
    {
        while (_queue.Count > 0 && _queue.Peek().DestagedAt <= t)
        {
            var (f, b, _) = _queue.Dequeue();
            _dirty.Remove((f, b));
        }
    }

    public override double SyncSeconds(double start, string file) => CacheSyncSeconds;

    public override CostModel Fresh() => new CachedDiskCost(Name, Disk, CacheBytes, CacheBytesPerSecond, CacheSyncSeconds) { PageCache = PageCache };

    public override void Shift(double shift)
    {
        _destageEnd += shift;
        int n = _queue.Count;
        for (int i = 0; i < n; i++)
        {
            var (f, b, at) = _queue.Dequeue();
            _queue.Enqueue((f, b, at + shift));
            _dirty[(f, b)] = at + shift;
        }
    }

    public CachedDiskCost With(DiskCost? disk = null, long? cacheBytes = null, double? cacheSyncSeconds = null, bool? pageCache = null) =>
        new(Name, disk ?? Disk, cacheBytes ?? CacheBytes, CacheBytesPerSecond, cacheSyncSeconds ?? CacheSyncSeconds) { PageCache = pageCache ?? PageCache };
}
