using TornPages.Engine.Heap;
using TornPages.Engine.Index;
using TornPages.Engine.Pages;

namespace TornPages.Workloads;

/// <summary>
/// How many bytes pgbench -i's tables and primary keys take, from the row sizes and the page layout
/// (within a few percent of what the loader writes: accounts are 1640 pages and about 366 keys per
/// leaf at scale 1). Used to say before a run whether it fits in memory.
/// </summary>
public static class DatabaseSize
{
    public static long LoadedBytes(Scale scale, int fillFactor, int pageSize)
    {
        long pages = HeapPages(scale.Accounts, PgbenchSchema.AccountPayload, fillFactor, pageSize)
                     + HeapPages(scale.Tellers, PgbenchSchema.AccountPayload, fillFactor, pageSize)
                     + HeapPages(scale.Branches, PgbenchSchema.AccountPayload, fillFactor, pageSize)
                     + IndexPages(scale.Accounts, pageSize) + IndexPages(scale.Tellers, pageSize) + IndexPages(scale.Branches, pageSize);
        return pages * pageSize;
    }

    private static long HeapPages(long rows, int payload, int fillFactor, int pageSize)
    {
        int usable = pageSize - PageHeader.Size - pageSize * (100 - fillFactor) / 100;
        long perPage = Math.Max(1, usable / HeapPage.Need(payload));
        return (rows + perPage - 1) / perPage;
    }

    /// <summary>Leaves at the build's 90% fill plus the inner levels above them (about 1% more) and the meta page.</summary>
    private static long IndexPages(long keys, int pageSize)
    {
        long perLeaf = Math.Max(2, (pageSize * 9 / 10 - PageHeader.Size - IndexPage.SpecialSize) / (IndexPage.TupleSize + LinePointer.Size));
        long leaves = (keys + perLeaf - 1) / perLeaf;
        return leaves + leaves / 100 + 2;
    }
}
