namespace TornPages.Engine.Wal;

public enum RecordType : byte
{
    HeapInsert = 1,
    HeapUpdate = 2,
    HeapHotUpdate = 3,
    /// <summary>Removes dead versions and compacts the page: layout-changing.</summary>
    HeapPrune = 4,
    /// <summary>Vacuum's second heap pass: dead line pointers whose index entries are gone become unused.</summary>
    HeapVacuum = 5,
    /// <summary>Written by recovery for a transaction that never committed: its versions die, the versions it replaced live again.</summary>
    HeapAbort = 6,
    IndexInsert = 10,
    IndexSplit = 11,
    IndexVacuum = 12,
    Commit = 20,
    Checkpoint = 21,
}

public static class RecordTypes
{
    /// <summary>
    /// Records that rearrange a heap page's storage. Replaying one on anything but the exact page
    /// state it was logged against is wrong, which is why line-pointer logging still images them.
    /// </summary>
    public static bool IsCompacting(RecordType t) => t is RecordType.HeapPrune or RecordType.IndexVacuum;

    // HeapVacuum only marks dead line pointers unused (absolute ops): it moves no bytes.

    /// <summary>The name pg_waldump gives PostgreSQL's record of the same kind (resource manager/record), so tables read side by side; HeapAbort has no PostgreSQL counterpart.</summary>
    public static string Name(RecordType t) => t switch
    {
        RecordType.HeapInsert => "Heap/INSERT",
        RecordType.HeapUpdate => "Heap/UPDATE",
        RecordType.HeapHotUpdate => "Heap/HOT_UPDATE",
        RecordType.HeapPrune => "Heap2/PRUNE",
        RecordType.HeapVacuum => "Heap2/VACUUM",
        RecordType.HeapAbort => "Heap/ABORT",
        RecordType.IndexInsert => "Btree/INSERT_LEAF",
        RecordType.IndexSplit => "Btree/SPLIT",
        RecordType.IndexVacuum => "Btree/VACUUM",
        RecordType.Commit => "Transaction/COMMIT",
        RecordType.Checkpoint => "XLOG/CHECKPOINT_ONLINE",
        _ => $"Unknown/{(byte)t}",
    };
}
