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
    // One entry per frame, its fields together: a read checks all of them, and a frame picked at
    // random among thousands then costs one cache line, not one per field.
    private readonly Entry[] _entries = new Entry[frames];

    private struct Entry
    {
        public PageId Page;
        public ulong Lsn;
        public ushort Root;
        public ushort Live;
    }

    /// <summary>The live version of the chain rooted at <paramref name="root"/>, when the hint is exact for <paramref name="page"/> at <paramref name="lsn"/>.</summary>
    public bool TryGet(int frame, PageId page, ulong lsn, int root, out int live)
    {
        ref readonly var e = ref _entries[frame];
        live = e.Live;
        return IsExact(e, page, lsn) && e.Root == root;
    }

    /// <summary>The chain rooted at <paramref name="root"/> ends at <paramref name="live"/> in the page as it is at <paramref name="lsn"/>.</summary>
    public void Set(int frame, PageId page, ulong lsn, int root, int live) =>
        _entries[frame] = new Entry { Page = page, Lsn = lsn, Root = (ushort)root, Live = (ushort)live };

    /// <summary>
    /// The heap logged a change that took the page from <paramref name="before"/> to
    /// <paramref name="after"/> and left version <paramref name="from"/>'s successor at
    /// <paramref name="to"/> (the same line pointer when the change did not replace it). A hint exact
    /// before, for a chain ending at <paramref name="from"/>, is exact after.
    /// </summary>
    public void Advance(int frame, PageId page, ulong before, ulong after, int from, int to)
    {
        ref var e = ref _entries[frame];
        if (!IsExact(e, page, before) || e.Live != from) return;
        e.Lsn = after;
        e.Live = (ushort)to;
    }

    /// <summary>A logged change that left every version where it was (pruning): an exact hint stays exact.</summary>
    public void Keep(int frame, PageId page, ulong before, ulong after)
    {
        ref var e = ref _entries[frame];
        if (IsExact(e, page, before)) e.Lsn = after;
    }

    // LSN 0 is a page no record has touched: such a page changes without a record, so no hint is exact for it.
    private static bool IsExact(in Entry e, PageId page, ulong lsn) => lsn != 0 && e.Lsn == lsn && e.Page == page;
}
