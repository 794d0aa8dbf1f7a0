using System.Buffers.Binary;
using TornPages.Engine.Files;

namespace TornPages.Workloads;

/// <summary>
/// pgbench's four tables and three primary keys, with row payloads sized so that, with the 24-byte
/// tuple header, rows are as large as PostgreSQL 15 stores them (accounts 121 bytes: 61 per 8K page).
/// <code>
///  accounts : aid int4 | bid int4 | abalance int4 | filler char(84) (85 bytes with its length byte)   = 97 + 24
///  tellers  : tid int4 | bid int4 | tbalance int4                     (filler is NULL)                 = 12 + 24
///  branches : bid int4 | bbalance int4                                (filler is NULL)                 =  8 + 24
///  history  : tid int4 | bid int4 | aid int4 | delta int4 | mtime int8 (filler is NULL: pgbench's INSERT leaves it out) = 24 + 24
/// </code>
/// history.mtime holds the transaction's sequence number: the oracle's clock.
/// </summary>
public static class PgbenchSchema
{
    public const int AccountsPerBranch = 100_000;
    public const int TellersPerBranch = 10;

    public static readonly Relation Branches = new(0, "pgbench_branches", RelKind.Heap);
    public static readonly Relation Tellers = new(1, "pgbench_tellers", RelKind.Heap);
    public static readonly Relation Accounts = new(2, "pgbench_accounts", RelKind.Heap);
    public static readonly Relation History = new(3, "pgbench_history", RelKind.Heap);
    public static readonly Relation BranchesPkey = new(4, "pgbench_branches_pkey", RelKind.Index, Heap: 0, FillFactor: 90);
    public static readonly Relation TellersPkey = new(5, "pgbench_tellers_pkey", RelKind.Index, Heap: 1, FillFactor: 90);
    public static readonly Relation AccountsPkey = new(6, "pgbench_accounts_pkey", RelKind.Index, Heap: 2, FillFactor: 90);

    public const int AccountBalanceOffset = 8;
    public const int TellerBalanceOffset = 8;
    public const int BranchBalanceOffset = 4;
    public const int AccountPayload = 97;
    public const int HistoryPayload = 24;

    public static Catalog Catalog(int fillFactor = 100) => new([
        Branches with { FillFactor = fillFactor }, Tellers with { FillFactor = fillFactor },
        Accounts with { FillFactor = fillFactor }, History with { FillFactor = fillFactor },
        BranchesPkey, TellersPkey, AccountsPkey,
    ]);

    public static byte[] AccountRow(int aid, int accountsPerBranch = AccountsPerBranch)
    {
        var r = new byte[AccountPayload];
        BinaryPrimitives.WriteInt32LittleEndian(r, aid);
        BinaryPrimitives.WriteInt32LittleEndian(r.AsSpan(4), (aid - 1) / accountsPerBranch + 1);
        r[12] = 84;
        r.AsSpan(13).Fill((byte)' ');
        return r;
    }

    public static byte[] TellerRow(int tid)
    {
        var r = new byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(r, tid);
        BinaryPrimitives.WriteInt32LittleEndian(r.AsSpan(4), (tid - 1) / TellersPerBranch + 1);
        return r;
    }

    public static byte[] BranchRow(int bid)
    {
        var r = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(r, bid);
        return r;
    }

    public static void HistoryRow(Span<byte> r, in TransactionSpec t, ulong sequence)
    {
        BinaryPrimitives.WriteInt32LittleEndian(r, t.Tid);
        BinaryPrimitives.WriteInt32LittleEndian(r[4..], t.Bid);
        BinaryPrimitives.WriteInt32LittleEndian(r[8..], t.Aid);
        BinaryPrimitives.WriteInt32LittleEndian(r[12..], t.Delta);
        BinaryPrimitives.WriteUInt64LittleEndian(r[16..], sequence);
    }

    public static ulong HistorySequence(ReadOnlySpan<byte> row) => BinaryPrimitives.ReadUInt64LittleEndian(row[16..]);
}
