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
    /// <summary>An update about to put the new version on another page locks the old one first (PostgreSQL's XLOG_HEAP_LOCK).</summary>
    HeapLock = 7,
    IndexInsert = 10,
    IndexSplit = 11,
    IndexVacuum = 12,
    Commit = 20,
    Checkpoint = 21,
    /// <summary>The running transactions, logged at each checkpoint as PostgreSQL does at wal_level replica (Standby/RUNNING_XACTS).</summary>
    RunningXacts = 22,
    /// <summary>Zeros that end a flush on a sector boundary (<see cref="DatabaseOptions.WalFlushAlign"/>); replay skips it (PostgreSQL's XLOG_NOOP).</summary>
    Noop = 23,
}

public static class RecordTypes
{
    /// <summary>
    /// Records that rearrange a heap page's storage. Replaying one on anything but the exact page
    /// state it was logged against is wrong, which is why line-pointer logging still images them.
    /// </summary>
    public static bool IsCompacting(RecordType t) => t is RecordType.HeapPrune or RecordType.IndexVacuum;

    // HeapVacuum only marks dead line pointers unused (absolute ops): it moves no bytes.

    /// <summary>
    /// Where <see cref="WalStats.ByType"/> counts a record: its type, with bit 7 set for a heap insert
    /// or update that initialises its page (PostgreSQL's XLOG_HEAP_INIT_PAGE: pg_waldump's "+INIT").
    /// </summary>
    public static int StatsIndex(RecordType t, bool initialisesPage) =>
        (int)t | (initialisesPage && t is RecordType.HeapInsert or RecordType.HeapUpdate ? InitBit : 0);

    private const int InitBit = 0x80;

    /// <summary>The name of a <see cref="StatsIndex"/>, as pg_waldump --stats=record prints it.</summary>
    public static string StatsName(int index) => Name((RecordType)(index & ~InitBit)) + ((index & InitBit) != 0 ? "+INIT" : "");

    /// <summary>The name pg_waldump gives PostgreSQL's record of the same kind (resource manager/record), so tables read side by side; HeapAbort has no PostgreSQL counterpart.</summary>
    public static string Name(RecordType t) => t switch
    {
        RecordType.HeapInsert => "Heap/INSERT",
        RecordType.HeapUpdate => "Heap/UPDATE",
        RecordType.HeapHotUpdate => "Heap/HOT_UPDATE",
        RecordType.HeapPrune => "Heap2/PRUNE",
        RecordType.HeapVacuum => "Heap2/VACUUM",
        RecordType.HeapAbort => "Heap/ABORT",
        RecordType.HeapLock => "Heap/LOCK",
        RecordType.IndexInsert => "Btree/INSERT_LEAF",
        RecordType.IndexSplit => "Btree/SPLIT",
        RecordType.IndexVacuum => "Btree/VACUUM",
        RecordType.Commit => "Transaction/COMMIT",
        RecordType.Checkpoint => "XLOG/CHECKPOINT_ONLINE",
        RecordType.RunningXacts => "Standby/RUNNING_XACTS",
        RecordType.Noop => "XLOG/NOOP",
        _ => $"Unknown/{(byte)t}",
    };
}
