using TornPages.Storage;

namespace TornPages.Engine.Wal;

/// <summary>
/// The 16 MB WAL segment files: created preallocated, and recycled (renamed to a future segment
/// number) once a checkpoint's redo point has passed them, as PostgreSQL does, so a steady run
/// does not allocate new WAL files.
/// </summary>
public sealed class WalSegments(IStorageDevice device, int keepRecycled = 2)
{
    private readonly Dictionary<ulong, IStorageFile> _open = [];
    // Every segment below this one has been recycled or deleted; a checkpoint whose redo point is
    // still in the same segment has nothing to do (and lists no directory).
    private ulong _doneBelow;

    public long PreallocatedBytes { get; private set; }

    /// <summary>The segment's file, created (or taken from the recycled ones) when it does not exist yet.</summary>
    public IStorageFile Get(ulong segment)
    {
        if (_open.TryGetValue(segment, out var f)) return f;
        string name = WalLayout.SegmentName(segment);
        if (!device.Exists(name))
        {
            f = device.Open(name, FileClass.Wal);
            f.SetLength(WalLayout.SegmentSize);
            PreallocatedBytes += WalLayout.SegmentSize;
        }
        else f = device.Open(name, FileClass.Wal);
        _open[segment] = f;
        return f;
    }

    /// <summary>The segment's file if it exists, for reading.</summary>
    public IStorageFile? TryOpen(ulong segment)
    {
        if (_open.TryGetValue(segment, out var f)) return f;
        string name = WalLayout.SegmentName(segment);
        return device.Exists(name) ? Get(segment) : null;
    }

    /// <summary>
    /// Segments wholly before <paramref name="redo"/> are no longer needed by recovery: up to
    /// <c>keepRecycled</c> of them are renamed to the next future segment numbers, the rest deleted.
    /// </summary>
    public void Recycle(ulong redo)
    {
        ulong redoSegment = WalLayout.Segment(redo);
        if (redoSegment <= _doneBelow) return;
        _doneBelow = redoSegment;
        var existing = new List<ulong>();
        foreach (var name in device.List())
            if (WalLayout.TryParseSegmentName(name, out ulong s)) existing.Add(s);
        existing.Sort();
        int future = existing.Count(s => s > redoSegment);
        ulong next = existing.Count == 0 ? redoSegment + 1 : Math.Max(existing[^1], redoSegment) + 1;
        foreach (ulong s in existing)
        {
            if (s >= redoSegment) break;
            _open.Remove(s);
            if (future < keepRecycled)
            {
                device.Rename(WalLayout.SegmentName(s), WalLayout.SegmentName(next++));
                future++;
            }
            else device.Delete(WalLayout.SegmentName(s));
        }
    }
}
