using TornPages.Engine;

namespace TornPages.Workloads;

public enum TrialOutcome
{
    Passed,
    /// <summary>A page failed its checksum and nothing repaired it.</summary>
    TornPage,
    /// <summary>Fewer transactions survived than were acknowledged.</summary>
    LostCommit,
    /// <summary>The surviving transactions are not a prefix, or a balance, index entry or version is wrong.</summary>
    WrongData,
    /// <summary>Recovery itself failed.</summary>
    RecoveryError,
}

public sealed record OracleVerdict(TrialOutcome Outcome, long Survived, string Detail)
{
    public bool Passed => Outcome == TrialOutcome.Passed;
}

/// <summary>
/// Checks a recovered pgbench database against the transactions that were run: it must equal the
/// effect of exactly the first m of them for some m at least the number acknowledged. The history
/// table holds transactions 1..m; every account, teller and branch balance equals the sum of its
/// deltas over those m; every key reaches exactly one live version through its index; every page
/// passes its checksum.
/// </summary>
public static class Oracle
{
    /// <summary>One client: transactions commit in sequence order, and the first <paramref name="acknowledged"/> were acknowledged.</summary>
    public static OracleVerdict Verify(Database db, Scale scale, Script script, IReadOnlyList<TransactionSpec> started, long acknowledged) =>
        Verify(db, scale, script, started, CommitOrder.InSequence(started.Count, acknowledged));

    /// <summary>
    /// The recovered state must be that of a prefix of the commit records' order (the order in which
    /// their commit records entered the WAL) that holds every acknowledged commit: the history rows
    /// name exactly that prefix, and every balance is the sum of its transactions' deltas.
    /// </summary>
    /// <param name="started">Transaction specs by sequence number (index 0 is sequence 1).</param>
    public static OracleVerdict Verify(Database db, Scale scale, Script script, IReadOnlyList<TransactionSpec> started, CommitOrder commits)
    {
        var torn = db.FindTornPages();
        if (torn.Count > 0)
            return new(TrialOutcome.TornPage, -1, $"{torn.Count} page(s) fail their checksum, first: rel {torn[0].Rel} block {torn[0].Block}");

        var seen = new List<ulong>();
        db.ScanLive(PgbenchSchema.History, seen, static (row, list) => list.Add(PgbenchSchema.HistorySequence(row)));
        long m = seen.Count;
        if (!script.Writes()) m = commits.Acknowledged.Count;
        if (m > commits.Order.Count)
            return new(TrialOutcome.WrongData, m, $"{m} transactions in history, only {commits.Order.Count} committed");
        var prefix = commits.Order.Take((int)m).ToHashSet();
        if (script.Writes())
        {
            var extra = seen.Where(s => !prefix.Contains(s)).Order().ToList();
            if (extra.Count > 0 || seen.Distinct().Count() != seen.Count)
                return new(TrialOutcome.WrongData, m,
                    $"history is not the first {m} commits: it holds transaction {(extra.Count > 0 ? extra[0] : seen.GroupBy(x => x).First(g => g.Count() > 1).Key)}");
        }
        var lost = commits.Acknowledged.Where(a => !prefix.Contains(a)).Order().ToList();
        if (lost.Count > 0)
            return new(TrialOutcome.LostCommit, m, $"{commits.Acknowledged.Count} commits acknowledged, {lost.Count} did not survive, first: transaction {lost[0]}");

        var accounts = new long[scale.Accounts + 1];
        var tellers = new long[scale.Tellers + 1];
        var branches = new long[scale.Branches + 1];
        foreach (ulong sequence in script.Writes() ? prefix : [])
        {
            var t = started[(int)sequence - 1];
            accounts[t.Aid] += t.Delta;
            if (script == Script.TpcbLike)
            {
                tellers[t.Tid] += t.Delta;
                branches[t.Bid] += t.Delta;
            }
        }
        return Check(db, PgbenchSchema.Branches, branches, PgbenchSchema.BranchBalanceOffset, "branch", m)
               ?? Check(db, PgbenchSchema.Tellers, tellers, PgbenchSchema.TellerBalanceOffset, "teller", m)
               ?? Check(db, PgbenchSchema.Accounts, accounts, PgbenchSchema.AccountBalanceOffset, "account", m)
               ?? new(TrialOutcome.Passed, m, $"state equals the first {m} commits ({commits.Acknowledged.Count} acknowledged)");
    }

    private static OracleVerdict? Check(Database db, Engine.Files.Relation heap, long[] expected, int offset, string what, long m)
    {
        for (int key = 1; key < expected.Length; key++)
        {
            int live = db.CountLive(heap, key);
            if (live != 1) return new(TrialOutcome.WrongData, m, $"{what} {key} reaches {live} live versions through its index");
            db.TryReadInt32(heap, key, offset, out int balance);
            if (balance != expected[key])
                return new(TrialOutcome.WrongData, m, $"{what} {key} balance {balance}, expected {expected[key]} after {m} transactions");
        }
        // Live rows not reached through the index would be versions the index lost.
        long rows = 0;
        db.ScanLive(heap, 0, (_, _) => rows++);
        if (rows != expected.Length - 1) return new(TrialOutcome.WrongData, m, $"{heap.Name} holds {rows} live rows, expected {expected.Length - 1}");
        return null;
    }
}
