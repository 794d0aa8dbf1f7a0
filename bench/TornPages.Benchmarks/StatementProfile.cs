using System.Diagnostics;
using System.Globalization;
using TornPages.Engine;
using TornPages.Workloads;

namespace TornPages.Benchmarks;

/// <summary>
/// Where a tpcb-like transaction of <see cref="TransactionBenchmarks"/> spends its time, statement by
/// statement: the same database and transactions, run through waits that read the clock at each row
/// lock (the statements between two locks ran in between) and around the commit and the checkpoint.
/// Rounds of transactions; the first is warm-up; medians of the others. Reading the clock costs
/// about 20 ns a reading, six a transaction. With fewer accounts per branch than pgbench's 100,000
/// the same transactions run on a database the CPU's caches hold: the difference is memory's.
/// Run: dotnet run -c Release --project bench/TornPages.Benchmarks -- statements [strategy] [accounts per branch] [transactions per round] [rounds]
/// </summary>
internal static class StatementProfile
{
    private static readonly string[] Parts =
    [
        "accounts: UPDATE + SELECT", "tellers: UPDATE", "branches: UPDATE + history: INSERT", "commit", "checkpoint (its share)", "whole transaction",
    ];

    public static int Run(string[] args)
    {
        string strategy = args.Length > 0 ? args[0] : "none";
        if (!TryArg(args, 1, PgbenchSchema.AccountsPerBranch, out int accounts) || !TryArg(args, 2, 100_000, out int transactions) || !TryArg(args, 3, 6, out int rounds) || rounds < 2)
        {
            Console.Error.WriteLine("statements: usage: statements [strategy] [accounts per branch > 0] [transactions per round > 0] [rounds >= 2]");
            return 2;
        }
        BenchmarkDatabase db;
        try
        {
            db = new BenchmarkDatabase(strategy, new Scale(1, AccountsPerBranch: accounts));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"statements: {e.Message}");
            return 2;
        }
        var waits = new ClockWaits(db.Db);
        var perRound = new List<double[]>();
        for (int round = 0; round < rounds; round++)
        {
            waits.Reset();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < transactions; i++)
            {
                waits.Begin();
                db.Next(waits);
                // From the commit's end: the checkpoint, when one was due.
                waits.Add(4, waits.Mark);
            }
            long ticks = Stopwatch.GetTimestamp() - start;
            if (round == 0) continue;
            var us = waits.Ticks.Select(t => t * 1e6 / Stopwatch.Frequency / transactions).ToArray();
            us[5] = ticks * 1e6 / Stopwatch.Frequency / transactions;
            perRound.Add(us);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tpcb-like, strategy {strategy}, scale 1 with {accounts} accounts, {BenchmarkDatabase.Buffers} buffers, checkpoint every 1000; medians of {rounds - 1} rounds of {transactions} transactions"));
        for (int p = 0; p < Parts.Length; p++)
        {
            var values = perRound.Select(r => r[p]).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Parts[p],-38} {values[values.Length / 2],8:F2} µs"));
        }
        return 0;
    }

    private static bool TryArg(string[] args, int i, int fallback, out int value)
    {
        value = fallback;
        return args.Length <= i || int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }

    /// <summary>Waits that never wait, only read the clock: each row lock ends the statements before it.</summary>
    private sealed class ClockWaits(Database db) : ITransactionWaits
    {
        public readonly long[] Ticks = new long[6];
        public long Mark;
        private int _locks;

        public void Reset() => Array.Clear(Ticks);

        public void Begin() => _locks = 0;

        public void Add(int part, long since)
        {
            long now = Stopwatch.GetTimestamp();
            Ticks[part] += now - since;
            Mark = now;
        }

        public ValueTask LockRow(byte rel, int key)
        {
            // The first lock starts the accounts' statements; each later one ends the statements before it.
            if (_locks++ == 0) Mark = Stopwatch.GetTimestamp();
            else Add(_locks - 2, Mark);
            return ValueTask.CompletedTask;
        }

        public ValueTask Commit(ulong sequence)
        {
            Add(2, Mark);
            db.Commit(sequence);
            Add(3, Mark);
            return ValueTask.CompletedTask;
        }
    }
}
