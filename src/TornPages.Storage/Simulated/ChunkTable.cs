namespace TornPages.Storage;

/// <summary>
/// One image of a file (durable or current) as a table of chunk references; a missing chunk reads as
/// zeros, so a preallocated WAL segment or a sparse shadow-paging file costs nothing until written.
/// Each non-null entry is one reference (counted in <see cref="Chunk.Refs"/>) held by this table.
/// </summary>
internal sealed class ChunkTable(ChunkPool pool)
{
    private Chunk?[] _chunks = new Chunk?[16];

    /// <summary>One past the highest chunk index this table may hold.</summary>
    public long Extent => _chunks.Length;

    public Chunk? Get(long index) => index < _chunks.Length ? _chunks[index] : null;

    /// <summary>Stores <paramref name="chunk"/> (whose reference the caller hands over) and releases the one it replaces.</summary>
    public void Put(long index, Chunk? chunk)
    {
        if (index >= _chunks.Length)
        {
            if (chunk == null) return;
            if (index >= Array.MaxLength) throw new StorageException($"offset {index * (long)Chunk.Size} is past what the simulated device can hold");
            Array.Resize(ref _chunks, (int)Math.Min(Array.MaxLength, Math.Max(index + 1, _chunks.Length * 2L)));
        }
        var old = _chunks[index];
        _chunks[index] = chunk;
        if (old != null) pool.Release(old);
    }

    /// <summary>Makes this table's entry equal <paramref name="chunk"/>, taking a reference of its own.</summary>
    public void Share(long index, Chunk? chunk)
    {
        if (Get(index) == chunk) return;
        if (chunk != null) ChunkPool.AddRef(chunk);
        Put(index, chunk);
    }

    /// <summary>The chunk at <paramref name="index"/>, made private to this table so it may be written (copied on write; zeroed when new).</summary>
    public Chunk Writable(long index)
    {
        var c = Get(index);
        if (c != null && c.Refs == 1) return c;
        var fresh = pool.Rent();
        if (c == null) Array.Clear(fresh.Data);
        else c.Data.CopyTo(fresh.Data, 0);
        Put(index, fresh);
        return fresh;
    }

    public void Read(long offset, Span<byte> dest)
    {
        while (dest.Length > 0)
        {
            int inChunk = Chunk.OffsetIn(offset);
            int n = Math.Min(dest.Length, Chunk.Size - inChunk);
            var c = Get(Chunk.IndexOf(offset));
            if (c == null) dest[..n].Clear();
            else c.Data.AsSpan(inChunk, n).CopyTo(dest);
            dest = dest[n..];
            offset += n;
        }
    }

    /// <summary>Writes bytes, copying shared chunks first.</summary>
    public void Write(long offset, ReadOnlySpan<byte> src)
    {
        while (src.Length > 0)
        {
            int inChunk = Chunk.OffsetIn(offset);
            int n = Math.Min(src.Length, Chunk.Size - inChunk);
            src[..n].CopyTo(Writable(Chunk.IndexOf(offset)).Data.AsSpan(inChunk));
            src = src[n..];
            offset += n;
        }
    }

    /// <summary>Drops everything from <paramref name="length"/> on (the partial chunk's tail reads as zeros).</summary>
    public void Truncate(long length)
    {
        long first = (length + Chunk.Size - 1) >> Chunk.Shift;
        for (long c = first; c < _chunks.Length; c++) Put(c, null);
        int tail = Chunk.OffsetIn(length);
        long partial = Chunk.IndexOf(length);
        if (tail > 0 && Get(partial) != null) Writable(partial).Data.AsSpan(tail).Clear();
    }

    /// <summary>Releases every chunk.</summary>
    public void Clear()
    {
        for (long c = 0; c < _chunks.Length; c++) Put(c, null);
    }

    public byte[] ToArray(long length)
    {
        var a = new byte[length];
        Read(0, a);
        return a;
    }

    /// <summary>
    /// A copy of this table for another device (whose chunks come from <paramref name="target"/>):
    /// it shares every chunk, taking a reference, so either side copies a chunk only when it writes it.
    /// </summary>
    public ChunkTable CloneInto(ChunkPool target)
    {
        var t = new ChunkTable(target) { _chunks = new Chunk?[_chunks.Length] };
        for (int i = 0; i < _chunks.Length; i++)
            if (_chunks[i] is { } c)
            {
                ChunkPool.AddRef(c);
                t._chunks[i] = c;
            }
        return t;
    }
}
