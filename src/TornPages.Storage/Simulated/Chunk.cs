namespace TornPages.Storage;

/// <summary>
/// One <see cref="Size"/>-byte piece of a simulated file's contents, shared by reference between
/// the durable image, the current image and the pending writes that hold it.
/// Invariant: a chunk with more than one holder (<see cref="Refs"/> &gt; 1) is never written;
/// a writer that finds one copies it first (copy on write).
/// </summary>
internal sealed class Chunk
{
    /// <summary>8 KB: a default page and a WAL page, so a page write replaces whole chunks without copying the old bytes.</summary>
    public const int Size = 8192;
    public const int Shift = 13;
    public const int Mask = Size - 1;

    public readonly byte[] Data = new byte[Size];

    /// <summary>
    /// How many holders (images, pending writes, of this device or of its clones) reference this
    /// chunk; 0 while it sits in a pool. Changed atomically: clones share chunks across threads.
    /// </summary>
    public int Refs;

    public static long IndexOf(long offset) => offset >> Shift;
    public static int OffsetIn(long offset) => (int)(offset & Mask);
}

/// <summary>
/// The chunks of one device: released chunks are kept (up to <see cref="MaxFree"/>) and handed out
/// again, so a simulated run in its steady state allocates nothing per write.
/// </summary>
internal sealed class ChunkPool
{
    /// <summary>Free chunks kept for reuse (128 MB): enough to cover a checkpoint's worth of released page versions.</summary>
    public const int MaxFree = 16_384;

    private readonly Stack<Chunk> _free = new();
    private long _live;
    private int _maxFree = MaxFree;

    /// <summary>Allocates <paramref name="chunks"/> chunks now and keeps them free, so the run that follows allocates nothing until it has used them.</summary>
    public void Reserve(int chunks)
    {
        _maxFree = Math.Max(_maxFree, _free.Count + chunks);
        for (int i = 0; i < chunks; i++) _free.Push(new Chunk());
    }

    /// <summary>Chunks handed out and not yet returned: the device's contents, in chunks.</summary>
    public long Live => _live;

    public long PeakLive { get; private set; }

    /// <summary>A chunk with one holder (the caller) and unspecified contents.</summary>
    public Chunk Rent()
    {
        var c = _free.Count > 0 ? _free.Pop() : new Chunk();
        c.Refs = 1;
        if (++_live > PeakLive) PeakLive = _live;
        return c;
    }

    public static void AddRef(Chunk c) => Interlocked.Increment(ref c.Refs);

    /// <summary>
    /// Drops one holder; the last one returns the chunk to this pool. A chunk shared with a clone
    /// may come back to the other device's pool: memory moves between pools, never leaks or doubles.
    /// </summary>
    public void Release(Chunk c)
    {
        int left = Interlocked.Decrement(ref c.Refs);
        if (left < 0) throw new InvalidOperationException("release of a chunk nobody holds");
        if (left > 0) return;
        _live--;
        if (_free.Count < _maxFree) _free.Push(c);
    }
}
