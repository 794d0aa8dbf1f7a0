using TornPages.Engine;

namespace TornPages.Workloads;

/// <summary>Runs one pgbench script transaction against the engine, exactly as the script's SQL does.</summary>
public sealed class PgbenchTransactions(Database db, Script script)
{
    private readonly byte[] _history = new byte[PgbenchSchema.HistoryPayload];
    private readonly ITransactionWaits _inPlace = TransactionWaits.None(db);

    /// <summary>Runs transaction number <paramref name="sequence"/> (1-based) and commits it; returns when the commit is durable.</summary>
    public void Execute(in TransactionSpec t, ulong sequence)
    {
        // With nothing to wait for, the transaction runs to its end without suspending.
        var done = ExecuteAsync(t, sequence, _inPlace);
        if (!done.IsCompletedSuccessfully) done.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Runs the transaction, waiting where PostgreSQL's would: for each row it updates (row locks held
    /// until commit) and for its commit to be durable. The statements between waits run on the engine
    /// without giving it up.
    /// </summary>
    public async ValueTask ExecuteAsync(TransactionSpec t, ulong sequence, ITransactionWaits waits)
    {
        uint xid = db.Begin();
        switch (script)
        {
            case Script.TpcbLike:
                // UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
                // SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
                // UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
                // UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
                // INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (...);
                await waits.LockRow(PgbenchSchema.Accounts.Id, t.Aid);
                db.Resume(xid);
                Must(db.AddToInt32(PgbenchSchema.Accounts, t.Aid, PgbenchSchema.AccountBalanceOffset, t.Delta), "account", t.Aid);
                Must(db.TryReadInt32(PgbenchSchema.Accounts, t.Aid, PgbenchSchema.AccountBalanceOffset, out _), "account", t.Aid);
                await waits.LockRow(PgbenchSchema.Tellers.Id, t.Tid);
                db.Resume(xid);
                Must(db.AddToInt32(PgbenchSchema.Tellers, t.Tid, PgbenchSchema.TellerBalanceOffset, t.Delta), "teller", t.Tid);
                await waits.LockRow(PgbenchSchema.Branches.Id, t.Bid);
                db.Resume(xid);
                Must(db.AddToInt32(PgbenchSchema.Branches, t.Bid, PgbenchSchema.BranchBalanceOffset, t.Delta), "branch", t.Bid);
                InsertHistory(t, sequence);
                break;
            case Script.SimpleUpdate:
                await waits.LockRow(PgbenchSchema.Accounts.Id, t.Aid);
                db.Resume(xid);
                Must(db.AddToInt32(PgbenchSchema.Accounts, t.Aid, PgbenchSchema.AccountBalanceOffset, t.Delta), "account", t.Aid);
                Must(db.TryReadInt32(PgbenchSchema.Accounts, t.Aid, PgbenchSchema.AccountBalanceOffset, out _), "account", t.Aid);
                InsertHistory(t, sequence);
                break;
            case Script.SelectOnly:
                Must(db.TryReadInt32(PgbenchSchema.Accounts, t.Aid, PgbenchSchema.AccountBalanceOffset, out _), "account", t.Aid);
                break;
        }
        await waits.Commit(sequence);
    }

    /// <summary>The SQL statements of one transaction of <paramref name="script"/>, for charging CPU per statement.</summary>
    public static int Statements(Script script) => script switch
    {
        Script.TpcbLike => 5,
        Script.SimpleUpdate => 3,
        _ => 1,
    };

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
