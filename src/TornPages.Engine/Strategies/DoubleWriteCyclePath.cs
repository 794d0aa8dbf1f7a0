using System.Buffers.Binary;
using TornPages.Engine.Checkpoints;
using TornPages.Engine.Files;
using TornPages.Engine.Pages;
using TornPages.Storage;

namespace TornPages.Engine.Strategies;

/// <summary>
/// A double-write file sized for the checkpoint cycle. The first write-out of a page in a cycle
/// also goes to the double-write file, which is synced before any of those pages is written in
/// place; later write-outs of that page in the same cycle go straight in place. A torn in-place
/// write is repaired from the cycle's copy (an older, intact version of the page), which WAL replay
/// from the redo point then brings forward. At a checkpoint all first write-outs are one sequential
/// write and one sync. Entries carry the cycle (the redo LSN that started it) so that entries left
/// from an earlier cycle are never restored.
/// <code>
///  entry: | 512-byte header: magic, rel, block, cycle, crc | page |   entries appended from offset 0 each cycle
/// </code>
/// </summary>
public sealed class DoubleWriteCyclePath : IPageWritePath
{
    public const string FileName = "dwb_large";
    private const uint Magic = 0x4C574443; // "CDWL"
    private const int HeaderSize = 512;

    private readonly PageStore _store;
    private readonly int _pageSize;
    private readonly int _entrySize;
    private readonly IStorageFile _file;
    private readonly HashSet<long> _firstWritten = [];
    private readonly List<long> _pendingTags = [];
    private byte[] _pending = [];
    private ulong _cycle;
    private ulong _nextCycle;
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
        int i = _pendingTags.IndexOf(Tag(rel, block));
        if (i >= 0) Page(i).CopyTo(page);
        else _store.Read(rel, block, page);
    }

    public void Write(byte rel, uint block, ReadOnlySpan<byte> page)
    {
        long tag = Tag(rel, block);
        if (_firstWritten.Contains(tag))
        {
            _store.Write(rel, block, page);
            return;
        }
        int i = _pendingTags.IndexOf(tag);
        if (i < 0)
        {
            i = _pendingTags.Count;
            _pendingTags.Add(tag);
            if (_pending.Length < _pendingTags.Count * _entrySize)
                Array.Resize(ref _pending, Math.Max(_pendingTags.Count * _entrySize, _pending.Length * 2));
        }
        var header = _pending.AsSpan(i * _entrySize, HeaderSize);
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(header[4..], tag);
        BinaryPrimitives.WriteUInt64LittleEndian(header[12..], _cycle);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], Crc32C.Compute(header[..20]));
        page.CopyTo(Page(i));
    }

    public void Flush()
    {
        int n = _pendingTags.Count;
        if (n == 0) return;
        _file.Write(_offset, _pending.AsSpan(0, n * _entrySize));
        // The cycle's copies must be durable before any of these pages is overwritten in place.
        _file.Sync();
        _offset += (long)n * _entrySize;
        for (int i = 0; i < n; i++)
        {
            long tag = _pendingTags[i];
            _store.Write((byte)(tag >> 32), (uint)tag, Page(i));
            _firstWritten.Add(tag);
        }
        _pendingTags.Clear();
    }

    public void SyncData()
    {
        Flush();
        _store.SyncAll();
    }

    public void BeforeControlUpdate(ref ControlData next) => _nextCycle = next.RedoLsn;

    public void AfterControlDurable()
    {
        _cycle = _nextCycle;
        _firstWritten.Clear();
        _offset = 0;
    }

    public long OwnSpaceBytes => _file.Length;

    public void RecoveryPrologue(RecoveryPrologueContext context)
    {
        _cycle = context.Control.RedoLsn;
        var entry = new byte[_entrySize];
        var current = new byte[_pageSize];
        long length = _file.Length;
        for (long off = 0; off + _entrySize <= length; off += _entrySize)
        {
            _file.Read(off, entry);
            var header = entry.AsSpan(0, HeaderSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic ||
                BinaryPrimitives.ReadUInt32LittleEndian(header[20..]) != Crc32C.Compute(header[..20]) ||
                BinaryPrimitives.ReadUInt64LittleEndian(header[12..]) != _cycle)
                continue;
            long tag = BinaryPrimitives.ReadInt64LittleEndian(header[4..]);
            byte rel = (byte)(tag >> 32);
            uint block = (uint)tag;
            var copy = entry.AsSpan(HeaderSize);
            if (rel >= _store.Catalog.Count || !PageChecksum.Verify(copy, PageChecksum.Address(rel, block))) continue;
            if (DoubleWriteRestore.RestoreIfNeeded(_store, rel, block, copy, current)) context.PagesRestored++;
        }
        _store.SyncAll();
        // Write-outs during replay append after what is there, so a crash during recovery still finds every copy.
        _offset = length;
    }

    private Span<byte> Page(int i) => _pending.AsSpan(i * _entrySize + HeaderSize, _pageSize);
    private static long Tag(byte rel, uint block) => ((long)rel << 32) | block;
}
