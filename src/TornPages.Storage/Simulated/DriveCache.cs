namespace TornPages.Storage;

/// <summary>
/// The volatile write cache of a drive that acknowledges flushes early (<see cref="FaultModel.LyingFlush"/>):
/// synced writes, oldest first, holding the last <see cref="CrashModel.CacheBytes"/> of them. A write
/// leaves the cache for the durable image when newer ones push it out; at a crash the ones still here
/// are resolved as unsynced writes are. Holds a reference on each chunk of its writes, so their bytes
/// stay as written while the file moves on (the chunk table copies a shared chunk before writing it).
/// </summary>
internal sealed class DriveCache(ChunkPool pool, long capacity)
{
    private readonly record struct CachedWrite(SimFile File, long Offset, int Length, Chunk[] Chunks);

    private readonly LinkedList<CachedWrite> _writes = new();
    private long _bytes;

    public long Bytes => _bytes;

    public void Add(SimFile file, long offset, int length, ReadOnlySpan<Chunk> chunks)
    {
        if (length == 0) return;
        var held = chunks.ToArray();
        foreach (var c in held) ChunkPool.AddRef(c);
        _writes.AddLast(new CachedWrite(file, offset, length, held));
        _bytes += length;
        while (_bytes > capacity) Destage(_writes.First!.Value);
    }

    /// <summary>Power loss: every cached write is resolved into its file's durable image, in write order.</summary>
    public void Crash(CrashModel model, Random rng)
    {
        foreach (var w in _writes) w.File.Resolve(model, rng, w.Offset, w.Length, w.Chunks, garbage: false);
        Clear();
    }

    /// <summary>Every cached write reaches the media (a drive left idle long enough).</summary>
    public void DrainInto(Func<SimFile, SimFile> target)
    {
        foreach (var w in _writes) target(w.File).Persist(w.Offset, w.Chunks, w.Offset, w.Offset + w.Length);
    }

    /// <summary>A file's truncation is durable at once: cached bytes past it are gone.</summary>
    public void Truncate(SimFile file, long length)
    {
        for (var n = _writes.First; n != null; n = n.Next)
            if (n.Value.File == file && n.Value.Offset + n.Value.Length > length)
            {
                int keep = (int)Math.Max(0, length - n.Value.Offset);
                _bytes -= n.Value.Length - keep;
                n.Value = n.Value with { Length = keep };
            }
    }

    /// <summary>A deleted file's cached writes never reach the media.</summary>
    public void Drop(SimFile file)
    {
        for (var n = _writes.First; n != null;)
        {
            var next = n.Next;
            if (n.Value.File == file) Remove(n);
            n = next;
        }
    }

    private void Destage(CachedWrite w)
    {
        w.File.Persist(w.Offset, w.Chunks, w.Offset, w.Offset + w.Length);
        Remove(_writes.First!);
    }

    private void Remove(LinkedListNode<CachedWrite> n)
    {
        _bytes -= n.Value.Length;
        foreach (var c in n.Value.Chunks) pool.Release(c);
        _writes.Remove(n);
    }

    private void Clear()
    {
        while (_writes.First != null) Remove(_writes.First);
    }
}
