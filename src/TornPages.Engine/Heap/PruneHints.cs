using TornPages.Engine.Pages;

namespace TornPages.Engine.Heap;

/// <summary>
/// Which line pointers of a heap page pruning has to look at: per buffer frame, those whose tuple
/// carries an xmax (replaced, locked or deleted). Only a chain holding such a tuple can have
/// anything to prune, and a dead heap-only version has one too; every other line pointer pruning
/// leaves alone. PostgreSQL's prune reads every tuple header of the page to find them; on a page
/// of a hundred line pointers pruned once a transaction, that scan was most of a prune's time.
/// <para>
/// A hint is exact only while the page is exactly as the heap's own records left it: it names the
/// page and the LSN it was brought to. Every logged change moves a page's LSN, so a change the heap
/// did not note (vacuum, recovery, another relation's access method) leaves the hint behind and the
/// next prune reads the whole page, as PostgreSQL does, and starts a new one. A page written out
/// and read back unchanged keeps its LSN and so its hint. Pruning with a hint and without one logs
/// the same records and leaves the same pages (<c>PruneHintTests</c>).
/// </para>
/// </summary>
internal sealed class PruneHints
{
    /// <summary>
    /// Stamped line pointers a hint holds before it gives up (the next prune reads the page): a page
    /// holds one per row a running transaction replaced or locked there since the last prune, so
    /// a few clients updating the same page stay within it.
    /// </summary>
    public const int Capacity = 8;

    private readonly PageId[] _page;
    private readonly ulong[] _lsn;
    private readonly bool[] _valid;
    private readonly byte[] _count;
    private readonly ushort[] _items;

    public PruneHints(int frames)
    {
        _page = new PageId[frames];
        _lsn = new ulong[frames];
        _valid = new bool[frames];
        _count = new byte[frames];
        _items = new ushort[frames * Capacity];
    }

    /// <summary>The stamped line pointers of <paramref name="page"/> in <paramref name="frame"/>, when the hint is exact for it at <paramref name="lsn"/>.</summary>
    public bool TryGet(int frame, PageId page, ulong lsn, out ReadOnlySpan<ushort> items)
    {
        if (IsExact(frame, page, lsn))
        {
            items = _items.AsSpan(frame * Capacity, _count[frame]);
            return true;
        }
        items = default;
        return false;
    }

    /// <summary>Starts an exact hint with no stamped line pointer: the page at <paramref name="lsn"/> was just read whole.</summary>
    public void Start(int frame, PageId page, ulong lsn)
    {
        _page[frame] = page;
        _lsn[frame] = lsn;
        _count[frame] = 0;
        _valid[frame] = true;
    }

    /// <summary>
    /// The heap logged a change to the page that took it from <paramref name="before"/> to
    /// <paramref name="after"/>, stamping line pointer <paramref name="stamped"/> (or none: -1).
    /// A hint that was exact before is exact after; one that was not stays so.
    /// </summary>
    public void Advance(int frame, PageId page, ulong before, ulong after, int stamped = -1)
    {
        if (!IsExact(frame, page, before)) return;
        _lsn[frame] = after;
        if (stamped >= 0) Add(frame, (ushort)stamped);
    }

    /// <summary>Notes a stamped line pointer in the hint being built (after <see cref="Start"/>); a hint that would overflow is dropped.</summary>
    public void Add(int frame, ushort item)
    {
        if (!_valid[frame]) return;
        var items = _items.AsSpan(frame * Capacity, _count[frame]);
        if (items.Contains(item)) return;
        if (items.Length == Capacity)
        {
            _valid[frame] = false;
            return;
        }
        _items[frame * Capacity + _count[frame]++] = item;
    }

    /// <summary>Moves an exact hint to the LSN its page reached without a change the hint tracks (the prune's own record).</summary>
    public void MoveTo(int frame, ulong lsn)
    {
        if (_valid[frame]) _lsn[frame] = lsn;
    }

    // LSN 0 is a page no record has touched (loaded, or zeroed for a new block): such a page is
    // written without a record, so no hint is exact for it.
    private bool IsExact(int frame, PageId page, ulong lsn) => _valid[frame] && lsn != 0 && _lsn[frame] == lsn && _page[frame] == page;
}
