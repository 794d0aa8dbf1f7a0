using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using TornPages.Engine.Pages;
using TornPages.Engine.Strategies;
using TornPages.Storage;

namespace TornPages.Engine.Buffers;

/// <summary>Makes the WAL durable up to an LSN (the WAL rule needs it here).</summary>
public interface IWalFlush
{
    void Flush(ulong lsn);
}

/// <summary>
/// N page frames with clock-sweep eviction. A frame is pinned while an operation uses it and is
/// never evicted then. Evicting a dirty frame writes it through the strategy's write path.
/// </summary>
public sealed class BufferPool
{
    private readonly byte[] _memory;
    private readonly PageId[] _ids;
    private readonly bool[] _valid;
    private readonly bool[] _dirty;
    private readonly int[] _pins;
    private readonly byte[] _usage;
    // A checkpoint's write order (by page id), kept so a checkpoint allocates nothing.
    private readonly PageId[] _sortIds;
    private readonly int[] _sortFrames;
    private readonly BlockFrameMap _map = new();
    private readonly IWalFlush _wal;
    private int _hand;

    /// <summary>The clock's usage count saturates here, as PostgreSQL's BM_MAX_USAGE_COUNT.</summary>
    private const int MaxUsage = 5;

    public BufferPool(int frames, int pageSize, IPageWritePath path, IWalFlush wal)
    {
        if (frames < DatabaseOptions.MinBufferFrames) throw new ArgumentException($"the buffer pool needs at least {DatabaseOptions.MinBufferFrames} frames");
        Frames = frames;
        PageSize = pageSize;
        Path = path;
        _wal = wal;
        _memory = GC.AllocateUninitializedArray<byte>(frames * pageSize, pinned: true);
        _ids = new PageId[frames];
        _valid = new bool[frames];
        _dirty = new bool[frames];
        _pins = new int[frames];
        _usage = new byte[frames];
        _sortIds = new PageId[frames];
        _sortFrames = new int[frames];
    }

    public int Frames { get; }
    public int PageSize { get; }
    public IPageWritePath Path { get; }

    /// <summary>Called for a page that fails its checksum when read. Default: throw.</summary>
    public Action<byte, uint> OnTornRead { get; set; } = static (rel, block) =>
        throw new TornPageException(rel, block);

    public long Reads { get; private set; }

    /// <summary>Frames claimed for a page not in the pool: what the background writer's estimate of demand counts.</summary>
    public long Allocations { get; private set; }

    /// <summary>Pages written by who wrote them, as pg_stat_bgwriter's buffers_checkpoint, buffers_clean and buffers_backend.</summary>
    public long WritesByCheckpoint { get; private set; }
    public long WritesByBgwriter { get; private set; }
    public long WritesByBackend { get; private set; }

    public long Evictions { get; private set; }
    public long DirtyEvictions { get; private set; }

    public Span<byte> Page(int frame) => _memory.AsSpan(frame * PageSize, PageSize);

    /// <summary>
    /// Asks the CPU to start loading the page in <paramref name="frame"/>, which the caller will read
    /// whole soon (a checkpoint's next checksum, a prune's compaction): its misses then overlap the
    /// work done meanwhile. A hint only: nothing changes but timing. The pool's memory is pinned.
    /// </summary>
    internal unsafe void Prefetch(int frame)
    {
        if (!Sse.IsSupported) return;
        byte* page = (byte*)Unsafe.AsPointer(ref _memory[frame * PageSize]);
        for (int line = 0; line < PageSize; line += 64) Sse.Prefetch0(page + line);
    }

    public PageId IdOf(int frame) => _ids[frame];
    public byte RelOf(int frame) => _ids[frame].Rel;
    public uint BlockOf(int frame) => _ids[frame].Block;

    /// <summary>Pins the page, reading it (and checking its checksum) on a miss.</summary>
    public int Pin(byte rel, uint block)
    {
        int f = _map.Get(rel, block);
        if (f >= 0)
        {
            _pins[f]++;
            if (_usage[f] < MaxUsage) _usage[f]++;
            return f;
        }
        f = Claim(rel, block);
        var page = Page(f);
        Path.Read(rel, block, page);
        Reads++;
        if (!PageChecksum.Verify(page, PageChecksum.Address(rel, block))) OnTornRead(rel, block);
        return f;
    }

    /// <summary>Pins a page that is about to be initialised: no read, the frame starts zeroed.</summary>
    public int PinNew(byte rel, uint block)
    {
        int f = _map.Get(rel, block);
        if (f >= 0)
        {
            _pins[f]++;
            Page(f).Clear();
            return f;
        }
        f = Claim(rel, block);
        Page(f).Clear();
        return f;
    }

    public void Unpin(int frame)
    {
        if (_pins[frame] <= 0) throw new InvalidOperationException("unpin of an unpinned frame");
        _pins[frame]--;
    }

    public void MarkDirty(int frame) => _dirty[frame] = true;

    public bool IsDirty(int frame) => _dirty[frame];

    /// <summary>Writes every dirty page through the write path, in (relation, block) order; returns how many.</summary>
    public int WriteAllDirty()
    {
        int n = 0;
        for (int f = 0; f < Frames; f++)
            if (_valid[f] && _dirty[f])
            {
                _sortIds[n] = _ids[f];
                _sortFrames[n++] = f;
            }
        Array.Sort(_sortIds, _sortFrames, 0, n);
        for (int i = 0; i < n; i++)
        {
            if (i + 1 < n) Prefetch(_sortFrames[i + 1]);
            WriteFrame(_sortFrames[i]);
        }
        WritesByCheckpoint += n;
        Path.Flush();
        return n;
    }

    /// <summary>
    /// The pages dirty now, in (relation, block) order: what a spread checkpoint must write
    /// (PostgreSQL marks them BM_CHECKPOINT_NEEDED when the checkpoint starts).
    /// </summary>
    public PageId[] DirtyPages()
    {
        var ids = new List<PageId>();
        for (int f = 0; f < Frames; f++)
            if (_valid[f] && _dirty[f]) ids.Add(_ids[f]);
        ids.Sort();
        return ids.ToArray();
    }

    /// <summary>Writes page <paramref name="id"/> when it is still in the pool and dirty; false when an eviction already wrote it.</summary>
    public bool WriteIfDirty(PageId id)
    {
        int f = _map.Get(id.Rel, id.Block);
        if (f < 0 || !_dirty[f]) return false;
        WriteFrame(f);
        WritesByCheckpoint++;
        return true;
    }

    /// <summary>
    /// The background writer's round, as BgBufferSync's LRU scan: from the clock hand on, the frames
    /// the next evictions would take (unpinned, usage count 0) are made clean, so that a client
    /// finding a victim does not have to write it; stops when <paramref name="reusableTarget"/>
    /// reusable frames lie ahead, after <paramref name="maxWrites"/> writes, or after one lap. The
    /// clock hand and the usage counts stay as they are. Returns the pages written.
    /// </summary>
    public int CleanAhead(int reusableTarget, int maxWrites)
    {
        int written = 0, reusable = 0;
        for (int i = 0, f = _hand; i < Frames && reusable < reusableTarget && written < maxWrites; i++, f = f + 1 == Frames ? 0 : f + 1)
        {
            if (!_valid[f])
            {
                reusable++;
                continue;
            }
            if (_pins[f] > 0 || _usage[f] > 0) continue;
            if (_dirty[f])
            {
                WriteFrame(f);
                written++;
            }
            reusable++;
        }
        if (written > 0) Path.Flush();
        WritesByBgwriter += written;
        return written;
    }

    /// <summary>Forgets every page without writing it (after a crash the buffers are simply gone).</summary>
    public void DropAll()
    {
        Array.Clear(_valid);
        Array.Clear(_dirty);
        Array.Clear(_pins);
        _map.Clear();
    }

    private int Claim(byte rel, uint block)
    {
        int f = FindVictim();
        Allocations++;
        if (_valid[f])
        {
            Evictions++;
            if (_dirty[f])
            {
                DirtyEvictions++;
                WritesByBackend++;
                using var cause = IoCauses.Enter(IoCause.Eviction);
                WriteFrame(f);
                Path.Flush();
            }
            _map.Remove(RelOf(f), BlockOf(f));
        }
        _ids[f] = new PageId(rel, block);
        _valid[f] = true;
        _dirty[f] = false;
        _pins[f] = 1;
        _usage[f] = 1;
        _map.Set(rel, block, f);
        return f;
    }

    private int FindVictim()
    {
        for (int pass = 0; pass < Frames * (MaxUsage + 1); pass++)
        {
            int f = _hand;
            _hand = (_hand + 1) % Frames;
            if (!_valid[f]) return f;
            if (_pins[f] > 0) continue;
            if (_usage[f] == 0) return f;
            _usage[f]--;
        }
        throw new InvalidOperationException("every buffer frame is pinned");
    }

    private void WriteFrame(int f)
    {
        var page = Page(f);
        uint block = BlockOf(f);
        // The WAL rule: a page may be written anywhere (data file, double-write area, shadow copy)
        // only once the WAL is durable up to its LSN; otherwise a crash could leave a page change on
        // disk whose record is lost, with nothing to undo or redo it.
        _wal.Flush(PageHeader.Of(page).Lsn);
        PageChecksum.Stamp(page, PageChecksum.Address(RelOf(f), block));
        Path.Write(RelOf(f), block, page);
        _dirty[f] = false;
    }
}

/// <summary>A page failed its checksum outside recovery.</summary>
public sealed class TornPageException(byte rel, uint block)
    : Exception($"page {block} of relation {rel} fails its checksum (torn or corrupt)")
{
    public byte Rel { get; } = rel;
    public uint Block { get; } = block;
}
