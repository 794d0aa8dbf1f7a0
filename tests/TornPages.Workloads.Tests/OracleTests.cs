using TornPages.Engine;
using TornPages.Engine.Strategies;
using TornPages.Storage;

namespace TornPages.Workloads.Tests;

public class OracleTests
{
    private static readonly Scale Small = new(1, AccountsPerBranch: 2000);

    private static (Database Db, TransactionSpec[] Txns) Run(int n)
    {
        var db = Database.Create(new SimulatedDevice(), PgbenchSchema.Catalog(), new DatabaseOptions(StrategyCatalog.Parse("fpw"), 64));
        PgbenchLoader.Load(db, Small);
        var txns = TransactionStream.Take(Small, KeyDistribution.Uniform, 3, n);
        var run = new PgbenchTransactions(db, Script.TpcbLike);
        for (int i = 0; i < n; i++) run.Execute(txns[i], (ulong)(i + 1));
        return (db, txns);
    }

    [Fact]
    public void A_database_that_ran_exactly_the_transactions_passes()
    {
        var (db, txns) = Run(200);
        var v = Oracle.Verify(db, Small, Script.TpcbLike, txns, 200);
        Assert.True(v.Passed, v.Detail);
        Assert.Equal(200, v.Survived);
    }

    [Fact]
    public void A_balance_changed_outside_the_transactions_is_wrong_data()
    {
        var (db, txns) = Run(200);
        db.Begin();
        db.AddToInt32(PgbenchSchema.Accounts, 17, PgbenchSchema.AccountBalanceOffset, 1);
        db.Commit();
        var v = Oracle.Verify(db, Small, Script.TpcbLike, txns, 200);
        Assert.Equal(TrialOutcome.WrongData, v.Outcome);
        Assert.Contains("account 17", v.Detail);
    }

    [Fact]
    public void Fewer_surviving_transactions_than_acknowledged_is_a_lost_commit()
    {
        var (db, txns) = Run(200);
        var v = Oracle.Verify(db, Small, Script.TpcbLike, txns.Concat(txns).ToArray(), 201);
        Assert.Equal(TrialOutcome.LostCommit, v.Outcome);
    }

    [Fact]
    public void A_history_that_is_not_a_prefix_is_wrong_data()
    {
        var (db, txns) = Run(50);
        db.Begin();
        var row = new byte[PgbenchSchema.HistoryPayload];
        PgbenchSchema.HistoryRow(row, txns[0], 77);
        db.Insert(PgbenchSchema.History, row);
        db.Commit();
        Assert.Equal(TrialOutcome.WrongData, Oracle.Verify(db, Small, Script.TpcbLike, txns, 50).Outcome);
    }
}

public class CommitOrderOracleTests
{
    private static readonly Scale Small = new(1, AccountsPerBranch: 2000);

    /// <summary>Runs transactions 1..n but commits them in <paramref name="commitOrder"/>, one at a time.</summary>
    private static (Database Db, TransactionSpec[] Specs) Committed(int n, IEnumerable<int> commitOrder)
    {
        var db = Database.Create(new SimulatedDevice(), PgbenchSchema.Catalog(), new DatabaseOptions(StrategyCatalog.Parse("fpw"), 64));
        PgbenchLoader.Load(db, Small);
        var specs = TransactionStream.Take(Small, KeyDistribution.Uniform, 3, n);
        var run = new PgbenchTransactions(db, Script.TpcbLike);
        foreach (int seq in commitOrder) run.Execute(specs[seq - 1], (ulong)seq);
        return (db, specs);
    }

    private static CommitOrder Order(IEnumerable<int> inserted, IEnumerable<int> acknowledged)
    {
        var c = new CommitOrder();
        foreach (int s in inserted) c.Inserted((ulong)s);
        foreach (int s in acknowledged) c.Acknowledge((ulong)s);
        return c;
    }

    [Fact]
    public void A_state_of_the_first_commits_in_commit_order_passes_though_not_in_sequence_order()
    {
        var (db, specs) = Committed(6, [2, 1, 4, 3]);
        var v = Oracle.Verify(db, Small, Script.TpcbLike, specs, Order([2, 1, 4, 3, 6, 5], [2, 1, 4]));
        Assert.True(v.Passed, v.Detail);
        Assert.Equal(4, v.Survived);
    }

    [Fact]
    public void A_state_that_skips_a_commit_earlier_in_commit_order_is_wrong_data()
    {
        var (db, specs) = Committed(6, [2, 4]);
        var v = Oracle.Verify(db, Small, Script.TpcbLike, specs, Order([2, 1, 4, 3], [2]));
        Assert.Equal(TrialOutcome.WrongData, v.Outcome);
        Assert.Contains("transaction 4", v.Detail);
    }

    [Fact]
    public void An_acknowledged_commit_missing_from_the_state_is_a_lost_commit()
    {
        var (db, specs) = Committed(6, [2, 1]);
        var v = Oracle.Verify(db, Small, Script.TpcbLike, specs, Order([2, 1, 4, 3], [2, 1, 4]));
        Assert.Equal(TrialOutcome.LostCommit, v.Outcome);
        Assert.Contains("transaction 4", v.Detail);
    }
}
