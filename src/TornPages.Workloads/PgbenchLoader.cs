using TornPages.Engine;
using TornPages.Engine.Heap;

namespace TornPages.Workloads;

/// <summary>pgbench -i: load branches, tellers and accounts, build their primary keys, sync, checkpoint.</summary>
public static class PgbenchLoader
{
    public static void Load(Database db, Scale scale)
    {
        scale.Validate();
        var loader = db.Loader;
        Load(loader, PgbenchSchema.Branches, PgbenchSchema.BranchesPkey, scale.Branches, i => PgbenchSchema.BranchRow(i + 1));
        Load(loader, PgbenchSchema.Tellers, PgbenchSchema.TellersPkey, scale.Tellers, i => PgbenchSchema.TellerRow(i + 1));
        Load(loader, PgbenchSchema.Accounts, PgbenchSchema.AccountsPkey, scale.Accounts,
            i => PgbenchSchema.AccountRow(i + 1, scale.AccountsPerBranch));
        db.WritePath.SyncData();
        db.Checkpoint();
    }

    private static void Load(Engine.Loading.BulkLoader loader, Engine.Files.Relation heap, Engine.Files.Relation index, int rows, Func<int, byte[]> row)
    {
        var tids = loader.LoadHeap(heap, rows, row, Database.LoadXid);
        var keys = new int[rows];
        for (int i = 0; i < rows; i++) keys[i] = i + 1;
        loader.BuildIndex(index, keys, tids);
    }
}
