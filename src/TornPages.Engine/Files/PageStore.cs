using TornPages.Storage;

namespace TornPages.Engine.Files;

/// <summary>
/// The data files, one per relation, addressed by (relation, block). Tracks each relation's
/// logical size: a relation grows in memory when a page is added and on disk when that page is first
/// written, so the size comes from the file at open and from the WAL during recovery.
/// </summary>
public sealed class PageStore
{
    private readonly IStorageFile[] _files;
    private readonly uint[] _blocks;

    public PageStore(IStorageDevice device, Catalog catalog, int pageSize)
    {
        Device = device;
        Catalog = catalog;
        PageSize = pageSize;
        _files = new IStorageFile[catalog.Count];
        _blocks = new uint[catalog.Count];
        foreach (var r in catalog.All)
        {
            _files[r.Id] = device.Open(r.FileName, FileClass.Data);
            _blocks[r.Id] = (uint)(_files[r.Id].Length / pageSize);
        }
    }

    public IStorageDevice Device { get; }
    public Catalog Catalog { get; }
    public int PageSize { get; }

    public IStorageFile File(byte rel) => _files[rel];

    public uint BlockCount(byte rel) => _blocks[rel];

    /// <summary>Claims the next block number of <paramref name="rel"/> (no I/O: the page exists in a buffer first).</summary>
    public uint Extend(byte rel) => _blocks[rel]++;

    /// <summary>The logical size, when a strategy keeps it elsewhere than in the file length (a shadow map).</summary>
    public void SetBlockCount(byte rel, uint blocks) => _blocks[rel] = blocks;

    /// <summary>Recovery saw a record for this block: the relation is at least this long.</summary>
    public void NoteBlock(byte rel, uint block)
    {
        if (block >= _blocks[rel]) _blocks[rel] = block + 1;
    }

    public void Read(byte rel, uint block, Span<byte> page) => _files[rel].Read((long)block * PageSize, page);

    public void Write(byte rel, uint block, ReadOnlySpan<byte> page) => _files[rel].Write((long)block * PageSize, page);

    public void SyncAll()
    {
        foreach (var f in _files) f.Sync();
    }

    public long TotalBytes => _files.Sum(f => f.Length);
}
