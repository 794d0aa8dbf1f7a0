using TornPages.Engine;
using TornPages.Engine.Scheduling;
using TornPages.Engine.Wal;

namespace TornPages.Workloads;

/// <summary>
/// pgbench -c C: C clients, each running one transaction after another, drawn in turn from one
/// stream, on one engine thread (<see cref="Scheduler"/>). With one client nothing waits: the
/// transaction commits in place. With more, a client waits for row locks and for the group commit,
/// and the others run meanwhile.
/// </summary>
public sealed class PgbenchClients
{
    private readonly Database _db;
    private readonly Script _script;
    private readonly Scheduler _scheduler;
    private readonly ITransactionWaits _waits;
    private readonly double _cpuPerTransaction;
    private readonly Func<double> _clock;

    /// <param name="cpuPerStatement">CPU charged per SQL statement and per commit (a simulated clock has no CPU of its own); 0 on real files.</param>
    /// <param name="clock">The clock latencies are measured on (the scheduler's, unless it has no time of its own).</param>
    /// <param name="onCommitRecord">Told each sequence number as its commit record enters the WAL.</param>
    public PgbenchClients(Database db, Script script, Scheduler scheduler, int clients, double cpuPerStatement, Func<double>? clock = null,
        Action<ulong>? onCommitRecord = null)
    {
        _clock = clock ?? (() => scheduler.Now);
        if (clients < 1) throw new ArgumentOutOfRangeException(nameof(clients), clients, "at least one client");
        _db = db;
        _script = script;
        _scheduler = scheduler;
        Clients = clients;
        Locks = new RowLocks(scheduler);
        Group = new GroupCommit(db.Wal, scheduler);
        _waits = clients == 1 ? TransactionWaits.None(db, onCommitRecord) : new ClientWaits(db, Locks, Group, onCommitRecord);
        _cpuPerTransaction = cpuPerStatement * (PgbenchTransactions.Statements(script) + 1);
    }

    public int Clients { get; }
    public RowLocks Locks { get; }
    public GroupCommit Group { get; }

    /// <summary>
    /// Runs <paramref name="count"/> transactions from <paramref name="stream"/>. After each durable
    /// commit, on the engine thread and with no transaction on it, <paramref name="committed"/> gets
    /// the transaction's sequence number and its latency on the scheduler's clock (from the moment its
    /// client took it, CPU, lock and flush waits included).
    /// </summary>
    /// <param name="stop">Checked before a client takes each transaction: true ends the run (pgbench -T); transactions in flight finish.</param>
    /// <param name="rate">pgbench -R: transactions arrive as a Poisson process of this many per second (drawn from <paramref name="seed"/>), a client
    /// waits for its transaction's arrival, and latency counts from the arrival, so time spent queued behind busy clients shows. 0: as fast as possible.</param>
    public void Run(TransactionStream stream, int count, Action<ulong, double> committed, Func<bool>? stop = null, double rate = 0, ulong seed = 1)
    {
        ulong issued = 0;
        var arrivals = new PgPrng(seed ^ 0x5DEECE66DUL);
        double nextArrival = _clock();
        async Task Client()
        {
            var txn = new PgbenchTransactions(_db, _script);
            while (issued < (ulong)count && stop?.Invoke() != true)
            {
                var spec = stream.Next();
                ulong sequence = ++issued;
                double start = _clock();
                if (rate > 0)
                {
                    start = nextArrival;
                    nextArrival += -Math.Log(1 - arrivals.NextDouble()) / rate;
                    if (start > _clock()) await _scheduler.At(start);
                }
                await _scheduler.Cpu(_cpuPerTransaction);
                await txn.ExecuteAsync(spec, sequence, _waits);
                committed(sequence, _clock() - start);
                // Between transactions, not between the count's test and the next issue: no extra transaction slips in.
                await _scheduler.Yield();
            }
        }
        _scheduler.Run(Enumerable.Range(0, Clients).Select(_ => (Func<Task>)Client).ToList());
    }
}
