namespace TornPages.Storage;

/// <summary>
/// The kernel's page cache between a program's write() and the device's queue, for device time only
/// (what a crash keeps is the pending writes' business: <see cref="SimFile"/>). A write is dirty in
/// memory and costs the device nothing until writeback hands it to the queue, which happens
/// <list type="bullet">
/// <item>when its file is synced: every dirty range of the file, in offset order, as fsync does;</item>
/// <item>when a PostgreSQL process has written its flush_after's worth since its last hint, as its
/// sync_file_range hints: those ranges, sorted (PostgreSQL 15's Linux defaults:
/// checkpoint_flush_after 256 kB, bgwriter_flush_after 512 kB, backend_flush_after 0, off);</item>
/// <item>when the kernel's flusher, waking every 5 s, finds ranges dirty for 30 s or more
/// (dirty_writeback_centisecs 500, dirty_expire_centisecs 3000).</item>
/// </list>
/// A range written again while still dirty is written back once. Not modelled: the dirty limits
/// (dirty_background_ratio), which need the machine's memory; a run's checkpoints sync long before
/// a scale-100 database's dirty pages would reach them on a server.
/// </summary>
public sealed class OsWriteback
{
    /// <summary>The flusher thread's period (dirty_writeback_centisecs = 500).</summary>
    public const double FlusherPeriodSeconds = 5;

    /// <summary>Age at which the flusher writes a dirty range back (dirty_expire_centisecs = 3000).</summary>
    public const double ExpireSeconds = 30;

    /// <summary>checkpoint_flush_after (256 kB) in 8 KB writes.</summary>
    public const int CheckpointFlushAfter = 32;

    /// <summary>bgwriter_flush_after (512 kB) in 8 KB writes.</summary>
    public const int BgWriterFlushAfter = 64;

    private readonly record struct Dirty(int Length, double Since);

    private readonly Dictionary<SimFile, SortedDictionary<long, Dirty>> _dirty = new(ReferenceEqualityComparer.Instance);
    private readonly List<(SimFile File, long Offset)> _checkpointHints = [];
    private readonly List<(SimFile File, long Offset)> _bgWriterHints = [];
    private double _nextWake = FlusherPeriodSeconds;

    /// <summary>Hands a dirty range to the device's queue.</summary>
    internal delegate void Queue(SimFile file, long offset, int length);

    /// <summary>A write of <paramref name="length"/> bytes at <paramref name="offset"/> made at <paramref name="now"/> by <paramref name="cause"/>.</summary>
    internal void Write(SimFile file, long offset, int length, double now, IoCause cause, Queue queue)
    {
        Flusher(now, queue);
        if (!_dirty.TryGetValue(file, out var ranges)) _dirty[file] = ranges = new SortedDictionary<long, Dirty>();
        ranges[offset] = ranges.TryGetValue(offset, out var old) ? new Dirty(Math.Max(old.Length, length), old.Since) : new Dirty(length, now);
        var (hints, after) = cause switch
        {
            IoCause.Checkpoint => (_checkpointHints, CheckpointFlushAfter),
            IoCause.BgWriter => (_bgWriterHints, BgWriterFlushAfter),
            _ => (null, 0),
        };
        if (hints == null) return;
        hints.Add((file, offset));
        if (hints.Count < after) return;
        // PostgreSQL sorts its pending writebacks before issuing them (IssuePendingWritebacks).
        hints.Sort(static (a, b) => a.File == b.File ? a.Offset.CompareTo(b.Offset) : string.CompareOrdinal(a.File.Name, b.File.Name));
        foreach (var (f, at) in hints) WriteBack(f, at, queue);
        hints.Clear();
    }

    /// <summary>A sync of <paramref name="file"/> at <paramref name="now"/>: its dirty ranges go to the queue in offset order.</summary>
    internal void Sync(SimFile file, double now, Queue queue)
    {
        Flusher(now, queue);
        if (!_dirty.Remove(file, out var ranges)) return;
        foreach (var (offset, d) in ranges) queue(file, offset, d.Length);
    }

    /// <summary>The flusher's wake-ups up to <paramref name="now"/>: ranges dirty for <see cref="ExpireSeconds"/> go to the queue.</summary>
    private void Flusher(double now, Queue queue)
    {
        if (now < _nextWake) return;
        _nextWake = (Math.Floor(now / FlusherPeriodSeconds) + 1) * FlusherPeriodSeconds;
        foreach (var (file, ranges) in _dirty)
        {
            List<long>? expired = null;
            foreach (var (offset, d) in ranges)
                if (d.Since <= now - ExpireSeconds) (expired ??= []).Add(offset);
            if (expired == null) continue;
            foreach (long offset in expired) WriteBack(file, offset, queue);
        }
    }

    private void WriteBack(SimFile file, long offset, Queue queue)
    {
        // A range an fsync or the flusher already wrote back is clean: nothing to do.
        if (!_dirty.TryGetValue(file, out var ranges) || !ranges.Remove(offset, out var d)) return;
        queue(file, offset, d.Length);
    }

    /// <summary>The file was cut to <paramref name="length"/>: dirty bytes past it are gone.</summary>
    internal void Truncate(SimFile file, long length)
    {
        if (!_dirty.TryGetValue(file, out var ranges)) return;
        foreach (long offset in ranges.Keys.Where(o => o >= length).ToList()) ranges.Remove(offset);
        if (ranges.LastOrDefault() is var (o, d) && d.Length > 0 && o + d.Length > length) ranges[o] = d with { Length = (int)(length - o) };
    }

    /// <summary>The file is deleted: its dirty ranges are gone.</summary>
    internal void Drop(SimFile file) => _dirty.Remove(file);

    /// <summary>Power loss: nothing is dirty any more.</summary>
    internal void Clear()
    {
        _dirty.Clear();
        _checkpointHints.Clear();
        _bgWriterHints.Clear();
    }
}
