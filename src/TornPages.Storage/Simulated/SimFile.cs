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
    private List<PendingWrite> _pending = [];
    private List<Chunk> _pendingChunks = [];
    private long _pendingBytes;

    /// <summary>A write not yet synced: its bytes are in <see cref="_pendingChunks"/> from <see cref="FirstChunk"/> on, one per chunk it covers.</summary>
    private readonly record struct PendingWrite(long Offset, int Length, int FirstChunk);

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

    // When the device's queue has this file's last write done (on the device's clock): a sync waits for it.
    private double _lastWriteDone;

    protected override void WriteCore(long offset, ReadOnlySpan<byte> data)
    {
        _device.BeginCall(DeviceOp.Write, Name);
        _lastWriteDone = Math.Max(_lastWriteDone, _device.ChargeWrite(Name, offset, data.Length));
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
        _pending.Add(new PendingWrite(offset, data.Length, first));
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
        _device.ChargeSync(_lastWriteDone);
        foreach (var w in _pending)
        {
            if (w.Length == 0) continue;
            for (long c = Chunk.IndexOf(w.Offset); c <= Chunk.IndexOf(w.Offset + w.Length - 1); c++)
                _durable.Share(c, _current.Get(c));
        }
        ClearPending();
        _device.EndCall();
    }

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
        }
        _length = length;
        _device.EndCall();
    }

    /// <summary>
    /// Power loss: each pending write, in write order, is cut into pieces (sectors, or whole atomic
    /// units it covers), and each piece independently reaches the durable image or is lost.
    /// </summary>
    public void ResolveCrash(CrashModel model, Random rng)
    {
        int piece = model.Piece;
        int sector = model.SectorSize;
        foreach (var w in _pending)
        {
            long pos = w.Offset;
            long end = w.Offset + w.Length;
            while (pos < end)
            {
                // An atomic unit fully covered by this write is one piece; anything else is cut at sector boundaries.
                long unitEnd = (pos / piece + 1) * piece;
                bool wholeUnit = piece > sector && pos % piece == 0 && unitEnd <= end;
                long next = wholeUnit ? unitEnd : Math.Min(end, (pos / sector + 1) * sector);
                if (rng.NextDouble() < model.PersistProbability) Persist(w, pos, next);
                pos = next;
            }
        }
        ClearPending();
        for (long c = 0; c < Math.Max(_current.Extent, _durable.Extent); c++) _current.Share(c, _durable.Get(c));
    }

    /// <summary>Copies bytes [from, to) of pending write <paramref name="w"/> into the durable image.</summary>
    private void Persist(PendingWrite w, long from, long to)
    {
        long firstIndex = Chunk.IndexOf(w.Offset);
        while (from < to)
        {
            long index = Chunk.IndexOf(from);
            int inChunk = Chunk.OffsetIn(from);
            int n = (int)Math.Min(to - from, Chunk.Size - inChunk);
            var src = _pendingChunks[w.FirstChunk + (int)(index - firstIndex)];
            src.Data.AsSpan(inChunk, n).CopyTo(_durable.Writable(index).Data.AsSpan(inChunk));
            from += n;
        }
    }

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
        _current.Clear();
        _durable.Clear();
    }

    public byte[] DurableCopy() => _durable.ToArray(_length);

    public SimFile CloneInto(SimulatedDevice d, Dictionary<Chunk, Chunk> copies)
    {
        var pool = d.Pool;
        var f = new SimFile(d, pool, Name, Class)
        {
            _current = _current.CloneInto(pool, copies),
            _durable = _durable.CloneInto(pool, copies),
            _length = _length,
            _pendingBytes = _pendingBytes,
        };
        f._pending.AddRange(_pending);
        foreach (var c in _pendingChunks) f._pendingChunks.Add(ChunkTable.CopyOf(c, pool, copies));
        return f;
    }
}
