using System.Runtime.InteropServices;
using TornPages.Engine.Checkpoints;
using TornPages.Engine.Files;
using TornPages.Engine.Pages;
using TornPages.Storage;

namespace TornPages.Engine.Strategies;

/// <summary>
/// InnoDB-style double-write buffer of <c>B</c> slots. Pages go out in batches:
/// <list type="number">
/// <item>write the batch (a header page naming each slot's page, then the pages) to the double-write file;</item>
/// <item>sync it;</item>
/// <item>write the pages in place;</item>
/// <item>sync the data files; only now may the slots be reused.</item>
/// </list>
/// A crash tears at most one of the two copies of any page: during step 1 the in-place page is intact,
/// during step 3 the double-write copy is. An evicted page is a batch of one: two syncs.
/// The file's layout is <see cref="DoubleWriteBatchHeader"/>'s.
/// </summary>
public sealed class DoubleWriteSmallPath : IPageWritePath
{
    public const string FileName = "dwb_small";

    private readonly PageStore _store;
    private readonly int _pageSize;
    private readonly int _slots;
    private readonly IStorageFile _file;
    private readonly byte[] _batch;        // header page, then the slots, written in one call
    private readonly PageId[] _ids;
    private readonly HashSet<byte> _touched = [];
    private int _count;
    private ulong _batchNo;

    public DoubleWriteSmallPath(PageStore store, int slots)
    {
        _store = store;
        _pageSize = store.PageSize;
        int max = DoubleWriteBatchHeader.MaxSlots(_pageSize);
        if (slots < 1 || slots > max) throw new ArgumentException($"double-write batch must be 1..{max} pages");
        _slots = slots;
        _file = store.Device.Open(FileName, FileClass.DoubleWrite);
        _batch = new byte[(slots + 1) * _pageSize];
        _ids = new PageId[slots];
    }

    public void Read(byte rel, uint block, Span<byte> page)
    {
        var id = new PageId(rel, block);
        for (int i = 0; i < _count; i++)
            if (_ids[i] == id)
            {
                Slot(i).CopyTo(page);
                return;
            }
        _store.Read(rel, block, page);
    }

    public void Write(byte rel, uint block, ReadOnlySpan<byte> page)
    {
        var id = new PageId(rel, block);
        int i = _ids.AsSpan(0, _count).IndexOf(id);
        if (i < 0)
        {
            i = _count++;
            _ids[i] = id;
        }
        page.CopyTo(Slot(i));
        if (_count == _slots) WriteBatch();
    }

    public void Flush()
    {
        if (_count > 0) WriteBatch();
    }

    public void SyncData()
    {
        Flush();
        _store.SyncAll();
    }

    public void BeforeControlUpdate(ref ControlData next) { }
    public void AfterControlDurable() { }
    public long OwnSpaceBytes => _file.Length;

    private void WriteBatch()
    {
        var header = _batch.AsSpan(0, _pageSize);
        header.Clear();
        MemoryMarshal.Write(header, new DoubleWriteBatchHeader { Magic = DoubleWriteBatchHeader.MagicValue, Count = _count, Batch = ++_batchNo });
        _ids.AsSpan(0, _count).CopyTo(DoubleWriteBatchHeader.Ids(header, _count));
        int crcAt = DoubleWriteBatchHeader.CrcOffset(_pageSize);
        MemoryMarshal.Write(header[crcAt..], Crc32C.Compute(header[..crcAt]));
        _file.Write(0, _batch.AsSpan(0, (_count + 1) * _pageSize));
        // The copies must be durable before any page of the batch is overwritten in place.
        _file.Sync();
        _touched.Clear();
        for (int i = 0; i < _count; i++)
        {
            var (rel, block) = _ids[i];
            _store.Write(rel, block, Slot(i));
            _touched.Add(rel);
        }
        // And the pages must be durable in place before these slots may hold other pages.
        foreach (byte rel in _touched) _store.File(rel).Sync();
        _count = 0;
    }

    /// <summary>Copies back every intact slot whose page in place is torn or older than the copy.</summary>
    public void RecoveryPrologue(RecoveryPrologueContext context)
    {
        if (_file.Length < 2 * _pageSize) return;
        var header = new byte[_pageSize];
        _file.Read(0, header);
        var h = MemoryMarshal.Read<DoubleWriteBatchHeader>(header);
        int crcAt = DoubleWriteBatchHeader.CrcOffset(_pageSize);
        if (h.Magic != DoubleWriteBatchHeader.MagicValue || MemoryMarshal.Read<uint>(header.AsSpan(crcAt)) != Crc32C.Compute(header.AsSpan(0, crcAt)))
            return;
        int count = h.Count;
        if (count < 1 || count > DoubleWriteBatchHeader.MaxSlots(_pageSize)) return;
        var ids = DoubleWriteBatchHeader.Ids((ReadOnlySpan<byte>)header, count);
        var copy = new byte[_pageSize];
        var current = new byte[_pageSize];
        for (int i = 0; i < count; i++)
        {
            var (rel, block) = ids[i];
            if (rel >= _store.Catalog.Count) continue;
            _file.Read((long)(i + 1) * _pageSize, copy);
            if (!PageChecksum.Verify(copy, PageChecksum.Address(rel, block))) continue;
            if (DoubleWriteRestore.RestoreIfNeeded(_store, rel, block, copy, current)) context.PagesRestored++;
        }
        _store.SyncAll();
    }

    private Span<byte> Slot(int i) => _batch.AsSpan((i + 1) * _pageSize, _pageSize);
}

/// <summary>The restore rule both double-write strategies share.</summary>
internal static class DoubleWriteRestore
{
    /// <summary>
    /// Writes the intact <paramref name="copy"/> over the page in place when that page fails its
    /// checksum or is older than the copy; WAL replay then brings it forward from the copy's LSN.
    /// </summary>
    public static bool RestoreIfNeeded(PageStore store, byte rel, uint block, ReadOnlySpan<byte> copy, Span<byte> scratch)
    {
        store.NoteBlock(rel, block);
        store.Read(rel, block, scratch);
        bool torn = !PageChecksum.Verify(scratch, PageChecksum.Address(rel, block));
        if (!torn && PageHeader.Of(scratch).Lsn >= PageHeader.Of(copy).Lsn) return false;
        store.Write(rel, block, copy);
        return true;
    }
}
