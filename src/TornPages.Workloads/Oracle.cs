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
    public static OracleVerdict Verify(Database db, Scale scale, Script script, IReadOnlyList<TransactionSpec> started, long acknowledged)
    {
        var torn = db.FindTornPages();
        if (torn.Count > 0)
            return new(TrialOutcome.TornPage, -1, $"{torn.Count} page(s) fail their checksum, first: rel {torn[0].Rel} block {torn[0].Block}");

        var seen = new List<ulong>();
        db.ScanLive(PgbenchSchema.History, seen, static (row, list) => list.Add(PgbenchSchema.HistorySequence(row)));
        seen.Sort();
        long m = seen.Count;
        for (int i = 0; i < seen.Count; i++)
            if (seen[i] != (ulong)(i + 1))
                return new(TrialOutcome.WrongData, m, $"history does not hold exactly transactions 1..{m}: position {i + 1} holds {seen[i]}");
        if (!script.Writes()) m = acknowledged;
        if (m < acknowledged)
            return new(TrialOutcome.LostCommit, m, $"{acknowledged} commits acknowledged, only {m} survived");
        if (m > started.Count)
            return new(TrialOutcome.WrongData, m, $"{m} transactions in history, only {started.Count} were run");

        var accounts = new long[scale.Accounts + 1];
        var tellers = new long[scale.Tellers + 1];
        var branches = new long[scale.Branches + 1];
        for (int i = 0; i < m && script.Writes(); i++)
        {
            var t = started[i];
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
               ?? new(TrialOutcome.Passed, m, $"state equals transactions 1..{m} ({acknowledged} acknowledged)");
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
