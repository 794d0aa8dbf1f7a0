using System.Runtime.InteropServices;

namespace TornPages.Storage;

/// <summary>
/// A file of the <see cref="SimulatedDevice"/>: a durable image, a current image (what reads see) and
/// the pending writes in write order. Invariant: the current image equals the durable image with
/// every pending write applied in order; so a sync only has to make the durable image share the
/// current image's chunks where pending writes touched them, and a crash rebuilds the current image
/// from the durable one after resolving the pending writes piece by piece.
/// Each pending write keeps a reference to the chunks holding its bytes as written (they are shared
/// with the current image until a later write copies them), so an unsynced page costs no extra copy.
/// </summary>
internal sealed class SimFile : CountingFile
{
    /// <summary>
    /// Pending-write bookkeeping kept after a sync (65536 writes, about 2 MB): a checkpoint's worth of
    /// page writes at scale 100 reuses it; anything larger is released.
    /// </summary>
    private const int KeptPendingCapacity = 65_536;

    private readonly SimulatedDevice _device;
    private readonly ChunkPool _pool;
    private ChunkTable _current;
    private ChunkTable _durable;
    private long _length;
    private long _durableLength;
    private List<PendingWrite> _pending = [];
    private List<Chunk> _pendingChunks = [];
    private long _pendingBytes;

    /// <summary>A write not yet synced: its bytes are in <see cref="_pendingChunks"/> from <see cref="FirstChunk"/> on, one per chunk it covers.</summary>
    private readonly record struct PendingWrite(long Offset, int Length, int FirstChunk, long Sequence);

    public SimFile(SimulatedDevice device, ChunkPool pool, string name, FileClass c) : base(name, c, device.Stats, timed: false)
    {
        _device = device;
        _pool = pool;
        _current = new ChunkTable(pool);
        _durable = new ChunkTable(pool);
    }

    public override long Length => _length;

    public long PendingBytes => _pendingBytes;

    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        _device.CheckReadable();
        long avail = Math.Clamp(_length - offset, 0, buffer.Length);
        _current.Read(offset, buffer[..(int)avail]);
        buffer[(int)avail..].Clear();
    }

    /// <summary>When the device's queue has this file's last write done (on the device's clock): a sync waits for it.</summary>
    internal double LastWriteDone { get; set; }

    protected override void WriteCore(long offset, ReadOnlySpan<byte> data)
    {
        _device.BeginCall(DeviceOp.Write, Name);
        _device.ChargeWrite(this, offset, data.Length);
        int first = _pendingChunks.Count;
        long pos = offset;
        var src = data;
        while (src.Length > 0)
        {
            long index = Chunk.IndexOf(pos);
            int inChunk = Chunk.OffsetIn(pos);
            int n = Math.Min(src.Length, Chunk.Size - inChunk);
            // A whole-chunk write needs no copy of the old bytes: take a fresh chunk unless this one is private.
            var target = n == Chunk.Size && _current.Get(index) is not { Refs: 1 } ? Replace(index) : _current.Writable(index);
            src[..n].CopyTo(target.Data.AsSpan(inChunk));
            ChunkPool.AddRef(target);
            _pendingChunks.Add(target);
            src = src[n..];
            pos += n;
        }
        _pending.Add(new PendingWrite(offset, data.Length, first, _device.NextWriteSequence()));
        _pendingBytes += data.Length;
        if (offset + data.Length > _length) _length = offset + data.Length;
        _device.EndCall();
    }

    private Chunk Replace(long index)
    {
        var fresh = _pool.Rent();
        _current.Put(index, fresh);
        return fresh;
    }

    protected override void SyncCore()
    {
        _device.BeginCall(DeviceOp.Sync, Name);
        _device.ChargeSync(this);
        _durableLength = _length;
        if (_device.Model.Fault == FaultModel.LyingFlush)
        {
            // The drive acknowledges the flush with the writes still in its volatile cache.
            foreach (var w in _pending)
                _device.Cache(this, w.Offset, w.Length, CollectionsMarshal.AsSpan(_pendingChunks).Slice(w.FirstChunk, ChunkCount(w)));
        }
        else
        {
            foreach (var w in _pending)
            {
                if (w.Length == 0) continue;
                for (long c = Chunk.IndexOf(w.Offset); c <= Chunk.IndexOf(w.Offset + w.Length - 1); c++)
                    _durable.Share(c, _current.Get(c));
            }
        }
        ClearPending();
        _device.EndCall();
    }

    private static int ChunkCount(PendingWrite w) =>
        w.Length == 0 ? 0 : (int)(Chunk.IndexOf(w.Offset + w.Length - 1) - Chunk.IndexOf(w.Offset) + 1);

    public override void SetLength(long length)
    {
        _device.BeginCall(DeviceOp.SetLength, Name);
        if (length < _length)
        {
            _current.Truncate(length);
            _durable.Truncate(length);
            // A truncation is durable at once: what pending writes put past it is gone, crash or not.
            for (int i = 0; i < _pending.Count; i++)
            {
                var w = _pending[i];
                if (w.Offset + w.Length > length)
                    _pending[i] = w with { Length = (int)Math.Max(0, length - w.Offset) };
            }
            _device.TruncateCached(this, length);
        }
        _length = length;
        _durableLength = length;
        _device.EndCall();
    }

    /// <summary>
    /// Power loss: each pending write, in write order, is cut into pieces (sectors, or whole atomic
    /// units it covers; under <see cref="FaultModel.ByteTear"/> byte ranges of random length), and
    /// each piece independently reaches the durable image or is lost. <paramref name="garbageWrite"/>
    /// is the index of the pending write of which one sector holds garbage afterwards, or -1.
    /// </summary>
    public void ResolveCrash(CrashModel model, Random rng, int garbageWrite)
    {
        for (int i = 0; i < _pending.Count; i++)
        {
            var w = _pending[i];
            Resolve(model, rng, w.Offset, w.Length, CollectionsMarshal.AsSpan(_pendingChunks)[w.FirstChunk..], i == garbageWrite);
        }
        ClearPending();
        if (model.Fault == FaultModel.Metadata && _durableLength < _length)
        {
            // The size the last sync or length change made durable is the size the file comes back with.
            _durable.Truncate(_durableLength);
            _length = _durableLength;
        }
        _current.Truncate(0);
        for (long c = 0; c < _durable.Extent; c++) _current.Share(c, _durable.Get(c));
    }

    /// <summary>Resolves one unsynced write whose bytes are in <paramref name="chunks"/> (one per chunk it covers, from its first).</summary>
    internal void Resolve(CrashModel model, Random rng, long offset, int length, ReadOnlySpan<Chunk> chunks, bool garbage)
    {
        int piece = model.Piece;
        int sector = model.SectorSize;
        long pos = offset;
        long end = offset + length;
        int sectorPieces = 0;
        long garbageSector = -1;
        while (pos < end)
        {
            // An atomic unit fully covered by this write is one piece, whatever the fault model.
            long unitEnd = (pos / piece + 1) * piece;
            bool wholeUnit = piece > sector && pos % piece == 0 && unitEnd <= end;
            long next = wholeUnit ? unitEnd
                : model.Fault == FaultModel.ByteTear ? Math.Min(end, pos + rng.Next(1, 2 * sector))
                : Math.Min(end, (pos / sector + 1) * sector);
            if (rng.NextDouble() < model.PersistProbability) Persist(offset, chunks, pos, next);
            // Reservoir choice of the sector that was being programmed: each sector piece equally likely.
            if (garbage && !wholeUnit && rng.Next(++sectorPieces) == 0) garbageSector = pos / sector * sector;
            pos = next;
        }
        if (garbageSector >= 0) WriteGarbage(garbageSector, sector, rng);
    }

    /// <summary>A whole sector of random bytes or of zeros in the durable image (never past the file's end).</summary>
    private void WriteGarbage(long sectorStart, int sector, Random rng)
    {
        int n = (int)Math.Min(sector, _length - sectorStart);
        if (n <= 0) return;
        var bytes = new byte[n];
        if (rng.Next(2) == 0) rng.NextBytes(bytes);
        for (int done = 0; done < n;)
        {
            long at = sectorStart + done;
            int inChunk = Chunk.OffsetIn(at);
            int k = Math.Min(n - done, Chunk.Size - inChunk);
            bytes.AsSpan(done, k).CopyTo(_durable.Writable(Chunk.IndexOf(at)).Data.AsSpan(inChunk));
            done += k;
        }
    }

    /// <summary>Copies bytes [from, to) of the write at <paramref name="writeOffset"/> (its chunks from its first) into the durable image.</summary>
    internal void Persist(long writeOffset, ReadOnlySpan<Chunk> chunks, long from, long to)
    {
        long firstIndex = Chunk.IndexOf(writeOffset);
        while (from < to)
        {
            long index = Chunk.IndexOf(from);
            int inChunk = Chunk.OffsetIn(from);
            int n = (int)Math.Min(to - from, Chunk.Size - inChunk);
            chunks[(int)(index - firstIndex)].Data.AsSpan(inChunk, n).CopyTo(_durable.Writable(index).Data.AsSpan(inChunk));
            from += n;
        }
    }

    /// <summary>Index of the pending write made last (highest device sequence), or -1 when none is pending.</summary>
    public (int Index, long Sequence) LastPending() =>
        _pending.Count == 0 ? (-1, -1) : (_pending.Count - 1, _pending[^1].Sequence);

    private void ClearPending()
    {
        foreach (var c in _pendingChunks) _pool.Release(c);
        if (_pending.Capacity > KeptPendingCapacity)
        {
            _pending = [];
            _pendingChunks = [];
        }
        else
        {
            _pending.Clear();
            _pendingChunks.Clear();
        }
        _pendingBytes = 0;
    }

    /// <summary>The file is deleted: every chunk goes back to the pool.</summary>
    public void ReleaseAll()
    {
        ClearPending();
        _device.DropCached(this);
        _current.Clear();
        _durable.Clear();
    }

    public byte[] DurableCopy() => _durable.ToArray(_length);

    /// <summary>This file for device <paramref name="d"/>: every chunk shared, copied by whichever side writes it first.</summary>
    public SimFile CloneInto(SimulatedDevice d)
    {
        var pool = d.Pool;
        var f = new SimFile(d, pool, Name, Class)
        {
            _current = _current.CloneInto(pool),
            _durable = _durable.CloneInto(pool),
            _length = _length,
            _durableLength = _durableLength,
            _pendingBytes = _pendingBytes,
        };
        f._pending.AddRange(_pending);
        foreach (var c in _pendingChunks)
        {
            ChunkPool.AddRef(c);
            f._pendingChunks.Add(c);
        }
        return f;
    }
}
