namespace TornPages.Storage;

/// <summary>
/// File contents held in 64 KB chunks allocated on first write, so a preallocated WAL segment or a
/// sparse shadow-paging file costs memory only for the bytes actually written. Missing chunks read as zeros.
/// </summary>
internal sealed class SparseImage
{
    public const int ChunkSize = 64 * 1024;
    private byte[]?[] _chunks = new byte[]?[16];

    public void Read(long offset, Span<byte> dest)
    {
        while (dest.Length > 0)
        {
            long c = offset / ChunkSize;
            int inChunk = (int)(offset % ChunkSize);
            int n = Math.Min(dest.Length, ChunkSize - inChunk);
            var chunk = c < _chunks.Length ? _chunks[c] : null;
            if (chunk == null) dest[..n].Clear();
            else chunk.AsSpan(inChunk, n).CopyTo(dest);
            dest = dest[n..];
            offset += n;
        }
    }

    public void Write(long offset, ReadOnlySpan<byte> src)
    {
        while (src.Length > 0)
        {
            long c = offset / ChunkSize;
            int inChunk = (int)(offset % ChunkSize);
            int n = Math.Min(src.Length, ChunkSize - inChunk);
            if (c >= _chunks.Length) Array.Resize(ref _chunks, (int)Math.Max(c + 1, _chunks.Length * 2L));
            var chunk = _chunks[c] ??= new byte[ChunkSize];
            src[..n].CopyTo(chunk.AsSpan(inChunk));
            src = src[n..];
            offset += n;
        }
    }

    /// <summary>Zeros everything from <paramref name="length"/> on.</summary>
    public void Truncate(long length)
    {
        long first = (length + ChunkSize - 1) / ChunkSize;
        for (long c = first; c < _chunks.Length; c++) _chunks[c] = null;
        long partial = length / ChunkSize;
        if (partial < _chunks.Length && _chunks[partial] is { } chunk) chunk.AsSpan((int)(length % ChunkSize)).Clear();
    }

    public void CopyFrom(SparseImage other, long length)
    {
        _chunks = new byte[]?[Math.Max(other._chunks.Length, 16)];
        for (int c = 0; c < other._chunks.Length; c++)
            if (other._chunks[c] is { } chunk && (long)c * ChunkSize < length) _chunks[c] = (byte[])chunk.Clone();
    }

    public SparseImage Clone(long length)
    {
        var s = new SparseImage();
        s.CopyFrom(this, length);
        return s;
    }

    public byte[] ToArray(long length)
    {
        var a = new byte[length];
        Read(0, a);
        return a;
    }
}
