using System.Runtime.InteropServices;
using TornPages.Engine.Checkpoints;
using TornPages.Engine.Files;
using TornPages.Engine.Pages;
using TornPages.Storage;

namespace TornPages.Engine.Strategies;

/// <summary>
/// A double-write file sized for the cycle. The first write-out of a page in a cycle also goes to
/// the double-write file, which is synced before any of those pages is written in place; later
/// write-outs of that page in the same cycle go straight in place. A torn in-place write is
/// repaired from the cycle's copy (an older, intact version of the page), which WAL replay then
/// brings forward. At a checkpoint all first write-outs are one sequential write and one sync.
/// The cycle is the engine's image cycle (<see cref="ControlData.ImageCycleLsn"/>): one checkpoint
/// for dwb-large, K for dwb-large:K, whose copies survive the checkpoints in between as seed 003
/// suggests (a page rewritten in every interval is copied once per K); recovery then brings a copy
/// older than the redo point forward through the WAL kept since the cycle began. Entries carry the
/// cycle (the redo LSN that started it) so that entries left from an earlier cycle are never restored.
/// The file's layout is <see cref="DoubleWriteEntryHeader"/>'s.
/// </summary>
public sealed class DoubleWriteCyclePath : IPageWritePath
{
    public const string FileName = "dwb_large";
    private const int HeaderSize = DoubleWriteEntryHeader.AreaSize;

    private readonly PageStore _store;
    private readonly int _pageSize;
    private readonly int _entrySize;
    private readonly IStorageFile _file;
    private readonly HashSet<PageId> _firstWritten = [];
    // Pages waiting for the next flush, in write order, and where each is among them: a spread
    // checkpoint's whole list can wait here, and every read of a page not in the pool looks here first.
    private readonly List<PageId> _pending = [];
    private readonly Dictionary<PageId, int> _pendingAt = [];
    private byte[] _entries = [];
    private ulong _cycle;
    private ulong _nextCycle;
    private bool _newCycle;
    private long _offset;

    public DoubleWriteCyclePath(PageStore store)
    {
        _store = store;
        _pageSize = store.PageSize;
        _entrySize = HeaderSize + _pageSize;
        _file = store.Device.Open(FileName, FileClass.DoubleWrite);
    }

    public void Read(byte rel, uint block, Span<byte> page)
    {
        if (_pendingAt.TryGetValue(new PageId(rel, block), out int i)) Page(i).CopyTo(page);
        else _store.Read(rel, block, page);
    }

    public void Write(byte rel, uint block, ReadOnlySpan<byte> page)
    {
        var id = new PageId(rel, block);
        if (_firstWritten.Contains(id))
        {
            _store.Write(rel, block, page);
            return;
        }
        if (!_pendingAt.TryGetValue(id, out int i))
        {
            i = _pending.Count;
            _pending.Add(id);
            _pendingAt[id] = i;
            if (_entries.Length < _pending.Count * _entrySize)
                Array.Resize(ref _entries, Math.Max(_pending.Count * _entrySize, _entries.Length * 2));
        }
        var header = _entries.AsSpan(i * _entrySize, HeaderSize);
        header.Clear();
        var h = new DoubleWriteEntryHeader { Magic = DoubleWriteEntryHeader.MagicValue, Page = id, Cycle = _cycle };
        MemoryMarshal.Write(header, in h);
        h.Crc = Crc32C.Compute(header[..DoubleWriteEntryHeader.CrcOffset]);
        MemoryMarshal.Write(header, in h);
        page.CopyTo(Page(i));
    }

    public void Flush()
    {
        int n = _pending.Count;
        if (n == 0) return;
        _file.Write(_offset, _entries.AsSpan(0, n * _entrySize));
        // The cycle's copies must be durable before any of these pages is overwritten in place.
        _file.Sync();
        _offset += (long)n * _entrySize;
        for (int i = 0; i < n; i++)
        {
            var (rel, block) = _pending[i];
            _store.Write(rel, block, Page(i));
            _firstWritten.Add(_pending[i]);
        }
        _pending.Clear();
        _pendingAt.Clear();
    }

    public void SyncData()
    {
        Flush();
        _store.SyncAll();
    }

    public void BeforeControlUpdate(ref ControlData next)
    {
        _nextCycle = next.ImageCycleLsn;
        _newCycle = next.CheckpointsInCycle == 1;
    }

    public void AfterControlDurable()
    {
        // Within a cycle the copies stay: a page already copied in it is written in place only.
        if (!_newCycle) return;
        _cycle = _nextCycle;
        _firstWritten.Clear();
        _offset = 0;
    }

    public long OwnSpaceBytes => _file.Length;

    public long HeldBytes => _offset;

    public void RecoveryPrologue(RecoveryPrologueContext context)
    {
        _cycle = context.Control.ImageCycleLsn;
        var entry = new byte[_entrySize];
        var current = new byte[_pageSize];
        long length = _file.Length;
        for (long off = 0; off + _entrySize <= length; off += _entrySize)
        {
            _file.Read(off, entry);
            var h = MemoryMarshal.Read<DoubleWriteEntryHeader>(entry);
            if (h.Magic != DoubleWriteEntryHeader.MagicValue || h.Cycle != _cycle ||
                h.Crc != Crc32C.Compute(entry.AsSpan(0, DoubleWriteEntryHeader.CrcOffset)))
                continue;
            var (rel, block) = h.Page;
            var copy = entry.AsSpan(HeaderSize);
            if (rel >= _store.Catalog.Count || !PageChecksum.Verify(copy, PageChecksum.Address(rel, block))) continue;
            context.CopiedPages.Add(h.Page);
            if (DoubleWriteRestore.RestoreIfNeeded(_store, rel, block, copy, current)) context.PagesRestored++;
        }
        _store.SyncAll();
        // Write-outs during replay append after what is there, so a crash during recovery still finds every copy.
        _offset = length;
    }

    private Span<byte> Page(int i) => _entries.AsSpan(i * _entrySize + HeaderSize, _pageSize);
}
