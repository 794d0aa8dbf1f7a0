using TornPages.Engine;

namespace TornPages.Workloads;

/// <summary>Runs one pgbench script transaction against the engine, exactly as the script's SQL does.</summary>
public sealed class PgbenchTransactions(Database db, Script script)
{
    private readonly byte[] _history = new byte[PgbenchSchema.HistoryPayload];

    /// <summary>Runs transaction number <paramref name="sequence"/> (1-based) and commits it; returns when the commit is durable.</summary>
    public void Execute(in TransactionSpec t, ulong sequence)
    {
        db.Begin();
        switch (script)
        {
            case Script.TpcbLike:
                // UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
                // SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
                // UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
                // UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
                // INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (...);
                Must(db.AddToInt32(PgbenchSchema.Accounts, t.Aid, PgbenchSchema.AccountBalanceOffset, t.Delta), "account", t.Aid);
                Must(db.TryReadInt32(PgbenchSchema.Accounts, t.Aid, PgbenchSchema.AccountBalanceOffset, out _), "account", t.Aid);
                Must(db.AddToInt32(PgbenchSchema.Tellers, t.Tid, PgbenchSchema.TellerBalanceOffset, t.Delta), "teller", t.Tid);
                Must(db.AddToInt32(PgbenchSchema.Branches, t.Bid, PgbenchSchema.BranchBalanceOffset, t.Delta), "branch", t.Bid);
                InsertHistory(t, sequence);
                break;
            case Script.SimpleUpdate:
                Must(db.AddToInt32(PgbenchSchema.Accounts, t.Aid, PgbenchSchema.AccountBalanceOffset, t.Delta), "account", t.Aid);
                Must(db.TryReadInt32(PgbenchSchema.Accounts, t.Aid, PgbenchSchema.AccountBalanceOffset, out _), "account", t.Aid);
                InsertHistory(t, sequence);
                break;
            case Script.SelectOnly:
                Must(db.TryReadInt32(PgbenchSchema.Accounts, t.Aid, PgbenchSchema.AccountBalanceOffset, out _), "account", t.Aid);
                break;
        }
        db.Commit(sequence);
    }

    private void InsertHistory(in TransactionSpec t, ulong sequence)
    {
        PgbenchSchema.HistoryRow(_history, t, sequence);
        db.Insert(PgbenchSchema.History, _history);
    }

    private static void Must(bool found, string what, int key)
    {
        if (!found) throw new InvalidOperationException($"{what} {key} not found through its index");
    }
}
