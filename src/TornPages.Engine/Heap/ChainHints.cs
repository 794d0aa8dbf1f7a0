using TornPages.Engine.Pages;

namespace TornPages.Engine.Heap;

/// <summary>
/// Where the HOT chain a heap page was last read or updated through ends, per buffer frame: its root
/// line pointer and its live version. At scale 1 every transaction updates the one branch row, whose
/// chain grows by a version a transaction until the page is pruned (about 100 versions on average):
/// reading the row through its index walked all of them, where PostgreSQL's heap_hot_search_buffer
/// does too. With the hint the walk is one step.
/// <para>
/// Exact only while the page is exactly as it was when the hint was taken: it names the page and its
/// LSN, and every logged change moves the LSN. The heap moves the hint along with its own changes
/// that keep the live version where it is (pruning) or move it by one step it knows (a HOT update
/// of that version); any other change leaves the hint behind and the next read walks the chain.
/// Reading through the hint and by walking finds the same version (<c>ChainHintTests</c>).
/// </para>
/// </summary>
internal sealed class ChainHints(int frames)
{
    private readonly PageId[] _page = new PageId[frames];
    private readonly ulong[] _lsn = new ulong[frames];
    private readonly ushort[] _root = new ushort[frames];
    private readonly ushort[] _live = new ushort[frames];

    /// <summary>The live version of the chain rooted at <paramref name="root"/>, when the hint is exact for <paramref name="page"/> at <paramref name="lsn"/>.</summary>
    public bool TryGet(int frame, PageId page, ulong lsn, int root, out int live)
    {
        live = _live[frame];
        return IsExact(frame, page, lsn) && _root[frame] == root;
    }

    /// <summary>The chain rooted at <paramref name="root"/> ends at <paramref name="live"/> in the page as it is at <paramref name="lsn"/>.</summary>
    public void Set(int frame, PageId page, ulong lsn, int root, int live)
    {
        _page[frame] = page;
        _lsn[frame] = lsn;
        _root[frame] = (ushort)root;
        _live[frame] = (ushort)live;
    }

    /// <summary>
    /// The heap logged a change that took the page from <paramref name="before"/> to
    /// <paramref name="after"/> and left version <paramref name="from"/>'s successor at
    /// <paramref name="to"/> (the same line pointer when the change did not replace it). A hint exact
    /// before, for a chain ending at <paramref name="from"/>, is exact after.
    /// </summary>
    public void Advance(int frame, PageId page, ulong before, ulong after, int from, int to)
    {
        if (!IsExact(frame, page, before) || _live[frame] != from) return;
        _lsn[frame] = after;
        _live[frame] = (ushort)to;
    }

    /// <summary>A logged change that left every version where it was (pruning): an exact hint stays exact.</summary>
    public void Keep(int frame, PageId page, ulong before, ulong after)
    {
        if (IsExact(frame, page, before)) _lsn[frame] = after;
    }

    // LSN 0 is a page no record has touched: such a page changes without a record, so no hint is exact for it.
    private bool IsExact(int frame, PageId page, ulong lsn) => lsn != 0 && _lsn[frame] == lsn && _page[frame] == page;
}
